package io.svc4j.console;

import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where the console finds the services of the host: names (from the service manager and from the
 * supervisors' control sockets), the control socket of each, and the service manager that starts
 * and stops them when no supervisor answers.
 */
public interface ServiceSource {

  /** The services to show, sorted. */
  List<String> names();

  /** Where {@code name}'s supervisor would answer. */
  Path controlSocket(String name);

  /**
   * The services with a supervisor's control socket, without asking the service manager (which may
   * cost a process per service): what the usage history samples.
   */
  default List<String> supervisedNames() {
    return names();
  }

  /** The service manager of the installed services; empty where the console has none. */
  default Optional<ServiceManager> manager() {
    return Optional.empty();
  }

  /**
   * What the service manager said about {@code name} at the last {@link #names()}; empty when it is
   * not installed or there is no manager.
   */
  default Optional<ServiceStatus> managerStatus(String name) {
    return Optional.empty();
  }

  /**
   * Services named by {@code installed} (e.g. the service manager's list) plus every supervisor
   * with a socket in {@code socketDirectory}; {@code socketOf} maps a name to its socket.
   */
  static ServiceSource of(
      Supplier<List<String>> installed, Path socketDirectory, Function<String, Path> socketOf) {
    return new ServiceSource() {
      @Override
      public List<String> names() {
        TreeSet<String> all = new TreeSet<>();
        try {
          all.addAll(installed.get());
        } catch (RuntimeException e) {
          // The manager is unreachable (no systemd in a container): the sockets still count.
        }
        all.addAll(socketNames(socketDirectory));
        return List.copyOf(all);
      }

      @Override
      public Path controlSocket(String name) {
        return socketOf.apply(name);
      }

      @Override
      public List<String> supervisedNames() {
        return socketNames(socketDirectory);
      }
    };
  }

  /**
   * The services {@code manager} lists (which the console can also start, stop, restart and reload
   * through it, like {@code svc4j start NAME}) plus every supervisor with a socket in {@code
   * socketDirectory}.
   */
  static ServiceSource managed(
      Supplier<ServiceManager> manager, Path socketDirectory, Function<String, Path> socketOf) {
    return new ServiceSource() {
      private volatile Map<String, ServiceStatus> listed = Map.of();

      @Override
      public List<String> names() {
        TreeSet<String> all = new TreeSet<>();
        try {
          listed =
              manager.get().list().stream()
                  .collect(Collectors.toMap(ServiceStatus::name, s -> s, (a, b) -> a));
        } catch (RuntimeException e) {
          listed = Map.of(); // no service manager here (a container): the sockets still count
        }
        all.addAll(listed.keySet());
        all.addAll(socketNames(socketDirectory));
        return List.copyOf(all);
      }

      @Override
      public Path controlSocket(String name) {
        return socketOf.apply(name);
      }

      @Override
      public List<String> supervisedNames() {
        return socketNames(socketDirectory);
      }

      @Override
      public Optional<ServiceManager> manager() {
        try {
          return Optional.of(manager.get());
        } catch (RuntimeException e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<ServiceStatus> managerStatus(String name) {
        return Optional.ofNullable(listed.get(name));
      }
    };
  }

  /** The services that have a control socket in {@code directory}. */
  private static List<String> socketNames(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (var files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sock"))
          .map(n -> n.substring(0, n.length() - 5))
          .toList();
    } catch (IOException e) {
      return List.of(); // unreadable: only the installed names
    }
  }
}
