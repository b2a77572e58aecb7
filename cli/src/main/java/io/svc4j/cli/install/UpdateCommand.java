package io.svc4j.cli.install;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.cli.UsageException;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.windows.manager.WindowsUpdate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "update",
    description =
        "Change only the given settings of an installed service; everything else stays as it is"
            + " (Windows; elsewhere use install --force).")
public final class UpdateCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  @Option(names = "--display-name", description = "New human readable name.")
  String displayName;

  @Option(names = "--description", description = "New one-line description.")
  String description;

  @Mixin WindowsFlags windowsFlags;

  @Option(names = "--no-dependencies", description = "Windows: remove all dependencies.")
  boolean noDependencies;

  @Option(names = "--user-unit", description = "The service is a systemd --user unit.")
  boolean userUnit;

  public UpdateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ServiceNames.requireValid(name);
    windowsFlags.refusePasswordOnCommandLine();
    ServiceUpdate update = ServiceUpdate.none();
    if (displayName != null) {
      update = update.withDisplayName(displayName);
    }
    if (description != null) {
      update = update.withDescription(description);
    }
    WindowsUpdate windows = windowsFlags.update(noDependencies);
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
