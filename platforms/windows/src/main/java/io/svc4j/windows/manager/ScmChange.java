package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.windows.CommandLine;
import io.svc4j.windows.runtime.WindowsPlatform;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of ChangeServiceConfig and the ChangeServiceConfig2 levels for an in-place update,
 * in the SCM's own terms: {@link #NO_CHANGE} and null mean "leave as is", an empty Optional means
 * "do not call that level". Computed and validated before anything is changed.
 *
 * @param startType dwStartType, or {@link #NO_CHANGE}
 * @param binaryPath lpBinaryPathName, or null
 * @param dependencies lpDependencies, or null; an empty list removes all dependencies
 * @param startName lpServiceStartName, or null
 * @param displayName lpDisplayName, or null
 */
record ScmChange(
    String name,
    int startType,
    String binaryPath,
    List<String> dependencies,
    String startName,
    String displayName,
    Optional<String> description,
    Optional<Boolean> delayedAutoStart,
    Optional<RecoveryActions> recovery,
    Optional<Duration> preshutdownTimeout,
    Optional<SidType> sidType) {

  /** SERVICE_NO_CHANGE. */
  static final int NO_CHANGE = 0xffffffff;

  ScmChange {
    dependencies = dependencies == null ? null : List.copyOf(dependencies);
  }

  /**
   * Translates an update. {@code currentBinaryPath} is read from the SCM only when the update needs
   * it (a new command or a preshutdown opt-in), see {@link #needsCurrentBinaryPath}.
   */
  static ScmChange of(String name, ServiceUpdate update, Optional<String> currentBinaryPath) {
    WindowsUpdate windows = update.options(WindowsUpdate.class).orElse(WindowsUpdate.NONE);
    if (update.isEmptyExceptPlatformOptions() && windows.isEmpty()) {
      throw new ManagerException(new Refusal.NothingToUpdate(name));
    }
    String displayName =
        update
            .displayName()
            .map(
                d ->
                    ScmConfig.requireText(
                        d.isBlank() ? name : d, "display name", ScmConfig.MAX_DISPLAY_NAME))
            .orElse(null);
    Optional<String> description =
        update
            .description()
            .map(d -> ScmConfig.requireText(d, "description", ScmConfig.MAX_DESCRIPTION));
    String binaryPath = binaryPath(update, windows, currentBinaryPath);
    Optional<SidType> sidType = windows.sidType();
    if (sidType.isEmpty() && windows.account().orElse(null) instanceof ServiceAccount.Virtual) {
      // As at install: the virtual account needs a service SID.
      sidType = Optional.of(SidType.UNRESTRICTED);
    }
    return new ScmChange(
        name,
        windows.startType().map(StartType::scmStartType).orElse(NO_CHANGE),
        binaryPath,
        windows.dependencies().orElse(null),
        windows.account().map(a -> startName(a, name)).orElse(null),
        displayName,
        description,
        windows.startType().map(StartType::delayed),
        windows.recovery(),
        windows.preshutdownTimeout(),
        sidType);
  }

  static boolean needsCurrentBinaryPath(ServiceUpdate update) {
    return update.command().isPresent()
        || update
            .options(WindowsUpdate.class)
            .flatMap(WindowsUpdate::preshutdownTimeout)
            .isPresent();
  }

  /**
   * A Java service only receives PRESHUTDOWN when its command line opts in, so a new command keeps
   * an existing opt-in (and the start timeout), and a preshutdown timeout adds one to the current
   * command line.
   */
  private static String binaryPath(
      ServiceUpdate update, WindowsUpdate windows, Optional<String> current) {
    boolean optedIn = current.map(b -> b.contains(ScmConfig.PRESHUTDOWN_OPT_IN)).orElse(false);
    boolean preshutdown = windows.preshutdownTimeout().isPresent();
    if (update.command().isPresent()) {
      // The start timeout lives on the command line too (see ScmConfig.withStartTimeout); a new
      // command without it would silently fall back to the runtime's default.
      Duration startTimeout =
          current.map(ScmConfig::startTimeoutOf).orElse(WindowsPlatform.DEFAULT_START_TIMEOUT);
      return CommandLine.join(
          ScmConfig.withStartTimeout(
              ScmConfig.javaOptions(update.command().get(), preshutdown || optedIn), startTimeout));
    }
    if (!preshutdown || optedIn || current.isEmpty()) {
      return null;
    }
    return withPreshutdownOptIn(current.get());
  }

  /**
   * Inserts the opt-in right after the program of a Java command line that svc4j wrote (its program
   * is always quoted); any other command line stays as it is.
   */
  static String withPreshutdownOptIn(String binaryPath) {
    if (!binaryPath.startsWith("\"")) {
      return null;
    }
    int end = binaryPath.indexOf('"', 1);
    if (end < 0 || !ScmConfig.isJava(binaryPath.substring(1, end))) {
      return null;
    }
    return binaryPath.substring(0, end + 1)
        + " "
        + ScmConfig.PRESHUTDOWN_OPT_IN
        + binaryPath.substring(end + 1);
  }

  /** ChangeServiceConfig takes "LocalSystem" for LocalSystem (null there means "no change"). */
  private static String startName(ServiceAccount account, String service) {
    account.requireUsableBy(service);
    String startName = account.startName(service);
    return startName == null ? "LocalSystem" : startName;
  }

  /** Whether ChangeServiceConfig itself has anything to change. */
  boolean changesConfig() {
    return startType != NO_CHANGE
        || binaryPath != null
        || dependencies != null
        || startName != null
        || displayName != null;
  }

  /** Whether failure actions that restart the service are set (that needs SERVICE_START). */
  boolean setsRestartActions() {
    return recovery
        .map(r -> r.actions().stream().anyMatch(a -> a.kind() == RecoveryActions.Kind.RESTART))
        .orElse(false);
  }

  /** What is changed, as "Key = value" lines (never a password). */
  String describe() {
    StringBuilder out = new StringBuilder();
    if (displayName != null) {
      out.append("DisplayName = ").append(displayName).append('\n');
    }
    description.ifPresent(d -> out.append("Description = ").append(d).append('\n'));
    if (binaryPath != null) {
      out.append("BinaryPathName = ").append(binaryPath).append('\n');
    }
    if (startType != NO_CHANGE) {
      out.append("StartType = ")
          .append(StartType.of(startType, delayedAutoStart.orElse(false)))
          .append('\n');
    }
    if (startName != null) {
      out.append("ServiceStartName = ").append(startName).append('\n');
    }
    if (dependencies != null) {
      out.append("Dependencies = ")
          .append(dependencies.isEmpty() ? "(none)" : String.join(" / ", dependencies))
          .append('\n');
    }
    recovery.ifPresent(r -> out.append("FailureActions = ").append(r.describe()).append('\n'));
    preshutdownTimeout.ifPresent(
        d -> out.append("PreshutdownTimeout = ").append(d.toMillis()).append(" ms\n"));
    sidType.ifPresent(s -> out.append("ServiceSidType = ").append(s).append('\n'));
    return out.toString();
  }
}
