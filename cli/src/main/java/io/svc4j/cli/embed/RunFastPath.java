package io.svc4j.cli.embed;

import io.svc4j.cli.Durations;
import io.svc4j.runtime.HostOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one command line every start of an embedded service has — {@code run [--name N]
 * [--stop-timeout T] [--verbose] -- ARGS}, what {@code install} writes and what {@code app ARGS}
 * becomes — parsed without picocli. picocli's classes are compiled for Java 5, which the JVM's
 * class-data caches cannot hold, so each start loaded and verified ~170 of them and built the
 * command's model by reflection before the service's own start (docs/performance.md). Anything
 * else, or anything doubtful (an unknown or repeated option, a missing value, a bad duration, no
 * {@code --}), is left to picocli, which then gives its usual help and errors.
 */
final class RunFastPath {

  /** The values {@link RunCommand} would have been given. */
  record Parsed(Optional<String> name, Duration stopTimeout, List<String> args) {}

  private RunFastPath() {}

  static Optional<Parsed> parse(String[] argv) {
    if (argv.length == 0 || !argv[0].equals("run")) {
      return Optional.empty();
    }
    String name = null;
    Duration stop = null;
    boolean verbose = false;
    for (int i = 1; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("--")) {
        List<String> rest = List.of(argv).subList(i + 1, argv.length);
        return Optional.of(
            new Parsed(
                Optional.ofNullable(name),
                stop == null ? HostOptions.DEFAULT_STOP_DEADLINE : stop,
                List.copyOf(rest)));
      }
      String value = null;
      String option = a;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        option = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if ((a.equals("--name") || a.equals("--stop-timeout")) && i + 1 < argv.length) {
        value = argv[++i];
        if (value.startsWith("-")) {
          return Optional.empty(); // picocli decides whether that is a value or an option
        }
      }
      switch (option) {
        case "--verbose" -> {
          if (verbose || value != null) {
            return Optional.empty();
          }
          verbose = true;
        }
        case "--name" -> {
          if (name != null || value == null || value.isEmpty()) {
            return Optional.empty();
          }
          name = value;
        }
        case "--stop-timeout" -> {
          if (stop != null || value == null) {
            return Optional.empty();
          }
          try {
            stop = Durations.parse(value);
          } catch (RuntimeException e) {
            return Optional.empty(); // picocli reports it as it always did
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty(); // no "--"
  }
}
