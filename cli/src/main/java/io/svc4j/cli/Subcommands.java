package io.svc4j.cli;

import io.svc4j.cli.manage.ManageCommands;
import java.util.Set;
import java.util.stream.Stream;

/** The names of the management subcommands, in one place for dispatch and for log levels. */
public final class Subcommands {

  /**
   * Commands that manage services (quiet logging; in embedded apps, not the app's own args): those
   * of {@link ManageCommands} with their aliases, and install, list and logs.
   */
  public static final Set<String> MANAGEMENT =
      Stream.of(
              ManageCommands.NAMES.stream(),
              ManageCommands.ALIASES.stream(),
              Stream.of("install", "list", "logs"))
          .flatMap(s -> s)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private Subcommands() {}

  /** The first word that is not an option, or {@code fallback}. */
  static String first(java.util.List<String> args, String fallback) {
    return args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(fallback);
  }
}
