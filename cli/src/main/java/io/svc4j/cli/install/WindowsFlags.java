package io.svc4j.cli.install;

import io.svc4j.cli.Durations;
import io.svc4j.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The Windows service settings that both {@code install} and {@code update} take. */
final class WindowsFlags {

  @Option(names = "--start-type", description = "Windows: auto, delayed-auto, manual or disabled.")
  String startType;

  @Option(
      names = "--account",
      description =
          "Windows: LocalSystem, LocalService, NetworkService, virtual (NT SERVICE\\NAME),"
              + " DOMAIN\\name$ (gMSA, no password) or DOMAIN\\user (with a password; install"
              + " grants it 'Log on as a service' if missing).")
  String account;

  @Option(
      names = "--password-file",
      description = "Windows: file whose first line is the account's password.")
  Path passwordFile;

  @Option(
      names = "--password-prompt",
      description = "Windows: ask for the account's password on the terminal.")
  boolean passwordPrompt;

  @Option(
      names = "--depends-on",
      description = "Windows: a service to start first (repeatable; replaces the list).")
  List<String> dependsOn = new ArrayList<>();

  @Option(
      names = "--preshutdown-timeout",
      description = "Windows: opt in to PRESHUTDOWN with this timeout.",
      converter = Durations.class)
  Duration preshutdownTimeout;

  @Option(names = "--sid-type", description = "Windows: none, unrestricted or restricted.")
  String sidType;

  /** Exists only to refuse it clearly: a password on a command line leaks to process lists. */
  @Option(names = "--password", hidden = true)
  String password;

  void refusePasswordOnCommandLine() {
    if (password != null) {
      throw new UsageException(
          "passwords are never taken on the command line (process lists and shell history would"
              + " show them): use --password-file FILE or --password-prompt");
    }
  }

  /** Whether any of these flags was given. */
  boolean any() {
    return startType != null
        || account != null
        || passwordFile != null
        || passwordPrompt
        || !dependsOn.isEmpty()
        || preshutdownTimeout != null
        || sidType != null;
  }
}
