package io.svc4j.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the console finds the services of the host: names (from the service manager and from the
 * supervisors' control sockets) and the control socket of each.
 */
public interface ServiceSource {

  /** The services to show, sorted. */
  List<String> names();

  /** Where {@code name}'s supervisor would answer. */
  Path controlSocket(String name);

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
        if (Files.isDirectory(socketDirectory)) {
          try (var files = Files.list(socketDirectory)) {
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".sock"))
                .forEach(n -> all.add(n.substring(0, n.length() - 5)));
          } catch (IOException e) {
            // unreadable: only the installed names
          }
        }
        return List.copyOf(all);
      }

      @Override
      public Path controlSocket(String name) {
        return socketOf.apply(name);
      }
    };
  }
}
