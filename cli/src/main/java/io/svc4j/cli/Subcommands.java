package io.svc4j.cli;

import java.util.Set;

/** The names of the management subcommands, in one place for dispatch and for log levels. */
public final class Subcommands {

  /** Commands that manage services (quiet logging; in embedded apps, not the app's own args). */
  public static final Set<String> MANAGEMENT =
      Set.of(
          "install",
          "uninstall",
          "start",
          "stop",
          "restart",
          "pause",
          "resume",
          "continue",
          "reload",
          "update",
          "status",
          "list",
          "logs");

  private Subcommands() {}

  /** The first word that is not an option, or {@code fallback}. */
  static String first(java.util.List<String> args, String fallback) {
    return args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(fallback);
  }
}
