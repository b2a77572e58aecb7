package io.svc4j.cli.install;

import io.svc4j.cli.Durations;
import io.svc4j.cli.UsageException;
import io.svc4j.windows.manager.PasswordSource;
import io.svc4j.windows.manager.ServiceAccount;
import io.svc4j.windows.manager.SidType;
import io.svc4j.windows.manager.StartType;
import io.svc4j.windows.manager.WindowsOptions;
import io.svc4j.windows.manager.WindowsUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The Windows service settings that both {@code install} and {@code update} take. */
final class WindowsFlags {

  @Option(
      names = "--start-type",
      description = "Windows: auto, delayed-auto, manual or disabled.",
      converter = StartTypeConverter.class)
  StartType startType;

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

  @Option(
      names = "--sid-type",
      description = "Windows: none, unrestricted or restricted.",
      converter = SidTypeConverter.class)
  SidType sidType;

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

  /** The options {@code install} gives the SCM: the flags given, the defaults for the others. */
  WindowsOptions options(boolean eventSource) {
    PasswordSource password = password("a password needs an account: add --account DOMAIN\\user");
    WindowsOptions d = WindowsOptions.DEFAULTS;
    return new WindowsOptions(
        startType == null ? d.startType() : startType,
        account == null ? d.account() : ServiceAccount.parse(account, password),
        dependsOn,
        Optional.empty(),
        Optional.ofNullable(preshutdownTimeout),
        sidType == null ? d.sidType() : sidType,
        eventSource);
  }

  /** What {@code update} changes: only the flags given; {@code noDependencies} removes them all. */
  WindowsUpdate update(boolean noDependencies) {
    if (noDependencies && !dependsOn.isEmpty()) {
      throw new UsageException("give either --depends-on or --no-dependencies, not both");
    }
    PasswordSource password =
        password("a password is changed together with its account: add --account DOMAIN\\user");
    return new WindowsUpdate(
        Optional.ofNullable(startType),
        Optional.ofNullable(account).map(a -> ServiceAccount.parse(a, password)),
        noDependencies
            ? Optional.of(List.of())
            : dependsOn.isEmpty() ? Optional.empty() : Optional.of(dependsOn),
        Optional.ofNullable(preshutdownTimeout),
        Optional.ofNullable(sidType),
        Optional.empty());
  }

  /** Where the account's password comes from (a file or a prompt, never a flag), or null. */
  private PasswordSource password(String withoutAccount) {
    if (passwordFile != null && passwordPrompt) {
      throw new UsageException("give either --password-file or --password-prompt, not both");
    }
    PasswordSource password =
        passwordFile != null
            ? new PasswordSource.FromFile(passwordFile)
            : passwordPrompt ? new PasswordSource.Prompt(account) : null;
    if (password != null && account == null) {
      throw new UsageException(withoutAccount);
    }
    return password;
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
