package io.svc4j.systemd.logging;

import io.svc4j.runtime.HostEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this process's stdout or stderr is a journald stream. systemd sets {@code
 * JOURNAL_STREAM=<device>:<inode>} for a service whose output goes to the journal; the variable is
 * inherited by children whose output goes elsewhere, so it only counts when the file descriptor
 * really is that stream.
 */
public final class JournalStream {

  /** Which output a log line goes to, or a fixed answer. */
  public enum Target {
    /** stdout or stderr is the journal stream (the default). */
    AUTO,
    STDOUT,
    STDERR,
    /** Always prefix, e.g. for output piped into {@code systemd-cat --level-prefix=true}. */
    ALWAYS,
    NEVER;

    /**
     * Parses a target name, case-insensitively.
     *
     * @throws IllegalArgumentException with the accepted values when the name is unknown
     */
    public static Target parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown journal stream target '"
                + name
                + "': use one of auto, stdout, stderr, always, never");
      }
    }
  }

  private static final Path STDOUT = Path.of("/proc/self/fd/1");
  private static final Path STDERR = Path.of("/proc/self/fd/2");
  private static final Map<Target, Boolean> cache = new EnumMap<>(Target.class);

  private JournalStream() {}

  /** Whether output to {@code target} reaches the journal, for this process; computed once. */
  public static synchronized boolean isConnected(Target target) {
    return cache.computeIfAbsent(
        target, t -> isConnected(t, HostEnvironment.current(), STDOUT, STDERR));
  }

  static boolean isConnected(Target target, HostEnvironment environment, Path stdout, Path stderr) {
    return switch (target) {
      case ALWAYS -> true;
      case NEVER -> false;
      case STDOUT -> matches(environment, List.of(stdout));
      case STDERR -> matches(environment, List.of(stderr));
      case AUTO -> matches(environment, List.of(stdout, stderr));
    };
  }

  private static boolean matches(HostEnvironment environment, List<Path> descriptors) {
    Optional<long[]> stream = environment.variable("JOURNAL_STREAM").flatMap(JournalStream::parse);
    if (stream.isEmpty()) {
      return false;
    }
    for (Path descriptor : descriptors) {
      Optional<long[]> identity = identity(descriptor);
      if (identity.isPresent()
          && identity.get()[0] == stream.get()[0]
          && identity.get()[1] == stream.get()[1]) {
        return true;
      }
    }
    return false;
  }

  /** {@code "<dev>:<ino>"}, both decimal, as systemd writes it. */
  static Optional<long[]> parse(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new long[] {
            Long.parseUnsignedLong(value.substring(0, colon).trim()),
            Long.parseUnsignedLong(value.substring(colon + 1).trim())
          });
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Device and inode of what the path (following links) refers to: a socket, pipe or file. */
  static Optional<long[]> identity(Path path) {
    try {
      Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
      return Optional.of(
          new long[] {
            ((Number) attributes.get("dev")).longValue(),
            ((Number) attributes.get("ino")).longValue()
          });
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // Not Linux, no /proc, or a closed descriptor: then it is not the journal either.
      return Optional.empty();
    }
  }
}
