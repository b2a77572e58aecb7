package io.svc4j.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --verbose}, shared by every subcommand: stack traces on errors, debug logging. */
public final class Verbosity {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and debug output.")
  boolean verbose;
}
