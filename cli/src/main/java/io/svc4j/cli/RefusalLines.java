package io.svc4j.cli;

import io.svc4j.manager.Refusal;
import io.svc4j.runtime.ServiceController;

/**
 * The CLI's one line for each {@link Refusal} a platform reports: what is wrong, where, and the
 * flag that fixes it. The platforms name settings, accounts and limits; only the CLI knows its
 * flags.
 */
public final class RefusalLines {

  private static final String LOGON_RIGHT = "'Log on as a service' (SeServiceLogonRight)";

  private RefusalLines() {}

  /** The line {@code svc4j} prints for {@code refusal} (after {@code svc4j: error: }). */
  public static String line(Refusal refusal) {
    return switch (refusal) {
      case Refusal.PerUserService r ->
          r.service()
              .map(
                  name ->
                      "per-user services are not supported on Windows: install '"
                          + name
                          + "' without --user-unit")
              .orElse(
                  "per-user services are not supported on Windows: drop --user-unit (Windows"
                      + " services are machine-wide)");
      case Refusal.WorkingDirectory r ->
          "Windows services have no working directory setting (they start in System32): drop"
              + " --working-dir "
              + r.directory()
              + " and use absolute paths";
      case Refusal.EnvironmentFiles r ->
          "the Windows SCM cannot read environment files: install without --direct, and the"
              + " supervisor reads them at every start (--env would put the values in the"
              + " service's registry key, which every local user can read)";
      case Refusal.NothingToUpdate r ->
          "nothing to update for service '"
              + r.service()
              + "': give a setting to change, e.g. --description or --start-type";
      case Refusal.LogonFailed r -> logonFailed(r);
      case Refusal.OtherVirtualAccount r -> r.describe() + " (--account virtual)";
      case Refusal.PasswordMissing r ->
          "account "
              + r.account()
              + " needs a password: give --password-file FILE or --password-prompt (never the"
              + " password itself)";
      case Refusal.AlreadyInstalled r ->
          "service '"
              + r.service()
              + "' already exists: uninstall it first, or add --force to update its"
              + " configuration";
      case Refusal.StartTimedOut r ->
          "service '"
              + r.service()
              + "' start timed out after "
              + ServiceController.seconds(r.limit())
              + ": it was stopped (service-specific error "
              + r.exitCode()
              + "); make its start faster, or raise the limit with svc4j install --force"
              + " --start-timeout";
      case Refusal.WaitTimedOut r -> r.describe() + ": retry with a longer --timeout";
      case Refusal.UnitDiffers r ->
          r.describe() + ": uninstall it first, or pass --force to replace it";
      case Refusal.ForeignUnit r ->
          r.describe()
              + ": choose another service name, or pass --force to override it with "
              + r.unitFile();
      case Refusal.ForeignSocketUnit r -> r.describe() + ": remove it, or install without --socket";
      case Refusal.ReloadUnsupported r ->
          r.describe()
              + ": reinstall it as an svc4j application that implements Reloadable, supervised,"
              + " or with --reload-signal";
      case Refusal.ReloadTimedOut r -> r.describe() + ": retry with a longer --timeout";
      case Refusal.StopTimedOut r -> r.describe() + ": retry with a longer --timeout";
      case Refusal.NotInstalled r ->
          "service '"
              + r.service()
              + "' is not installed"
              + (r.scope() == io.svc4j.manager.Scope.USER ? " as a --user-unit service" : "")
              + ": see 'svc4j list'";
      case Refusal.NeedsRoot r ->
          r.describe() + ": run with sudo, or use --user-unit for a service of your own user";
    };
  }

  private static String logonFailed(Refusal.LogonFailed r) {
    String who = r.account().orElse("its account");
    return r.describe()
        + ": "
        + (r.managedAccount()
            ? "this computer may not retrieve the gMSA's password (Install-ADServiceAccount"
                + " on this host; PrincipalsAllowedToRetrieveManagedPassword in AD) or it lacks "
                + LOGON_RIGHT
                + "; svc4j update "
                + r.service()
                + " --account "
                + who
                + " grants the right"
            : "its password is wrong or it lacks "
                + LOGON_RIGHT
                + "; svc4j update "
                + r.service()
                + " --account "
                + who
                + " --password-file FILE sets the password and grants the right");
  }
}
