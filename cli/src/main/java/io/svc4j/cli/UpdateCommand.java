package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.windows.manager.WindowsUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "update",
    description =
        "Change only the given settings of an installed service; everything else stays as it is"
            + " (Windows; elsewhere use install --force).")
final class UpdateCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  @Option(names = "--display-name", description = "New human readable name.")
  String displayName;

  @Option(names = "--description", description = "New one-line description.")
  String description;

  @Option(names = "--start-type", description = "Windows: auto, delayed-auto, manual or disabled.")
  String startType;

  @Option(
      names = "--account",
      description = "Windows: LocalSystem, LocalService, NetworkService, virtual, or DOMAIN\\user.")
  String account;

  @Option(
      names = "--password-file",
      description = "Windows: file whose first line is the new account's password.")
  Path passwordFile;

  @Option(
      names = "--password-prompt",
      description = "Windows: ask for the new account's password on the terminal.")
  boolean passwordPrompt;

  @Option(
      names = "--depends-on",
      description = "Windows: a service to start first (repeatable; replaces the old list).")
  List<String> dependsOn = new ArrayList<>();

  @Option(names = "--no-dependencies", description = "Windows: remove all dependencies.")
  boolean noDependencies;

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

  @Option(names = "--user-unit", description = "The service is a systemd --user unit.")
  boolean userUnit;

  UpdateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ServiceNames.requireValid(name);
    if (password != null) {
      throw new UsageException(
          "passwords are never taken on the command line (process lists and shell history would"
              + " show them): use --password-file FILE or --password-prompt");
    }
    ServiceUpdate update = ServiceUpdate.none();
    if (displayName != null) {
      update = update.withDisplayName(displayName);
    }
    if (description != null) {
      update = update.withDescription(description);
    }
    WindowsUpdate windows =
        WindowsUpdate.fromFlags(
            startType,
            account,
            passwordFile,
            passwordPrompt,
            dependsOn,
            noDependencies,
            preshutdownTimeout,
            sidType);
    if (!windows.isEmpty()) {
      update = update.withPlatformOptions(windows);
    }
    if (update.isEmptyExceptPlatformOptions() && windows.isEmpty()) {
      throw new UsageException(
          "nothing to update: give at least one setting, e.g. --description TEXT or --start-type"
              + " manual");
    }
    ServiceManager manager = context.manager(userUnit);
    ServiceStatus status = manager.update(name, update);
    context
        .out()
        .println(
            "Updated "
                + name
                + ": "
                + StatusPrinter.oneLine(status)
                + (windows.account().isPresent()
                    ? " (the new account applies from the next start)"
                    : ""));
    return 0;
  }
}
