package io.svc4j.windows.manager;

import io.svc4j.manager.PlatformOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The SCM settings an in-place update changes ({@code ScmManager.update}); an empty field leaves
 * the service's current setting as it is. Validated like {@link WindowsOptions}.
 *
 * @param startType new start type
 * @param account new account (a user account brings its password source)
 * @param dependencies new dependencies, replacing the old ones; an empty list removes them all
 * @param preshutdownTimeout opt in to PRESHUTDOWN with this timeout
 * @param sidType new service SID type
 * @param recovery new failure actions
 */
public record WindowsUpdate(
    Optional<StartType> startType,
    Optional<ServiceAccount> account,
    Optional<List<String>> dependencies,
    Optional<Duration> preshutdownTimeout,
    Optional<SidType> sidType,
    Optional<RecoveryActions> recovery)
    implements PlatformOptions {

  public static final WindowsUpdate NONE =
      new WindowsUpdate(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public WindowsUpdate {
    dependencies = dependencies.map(List::copyOf);
    dependencies.ifPresent(WindowsOptions::requireValidDependencies);
    preshutdownTimeout.ifPresent(WindowsOptions::requireValidPreshutdownTimeout);
    recovery.ifPresent(RecoveryActions::requireInstallable);
  }

  /** Whether nothing is asked. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  public WindowsUpdate withStartType(StartType v) {
    return new WindowsUpdate(
        Optional.of(v), account, dependencies, preshutdownTimeout, sidType, recovery);
  }

  public WindowsUpdate withAccount(ServiceAccount v) {
    return new WindowsUpdate(
        startType, Optional.of(v), dependencies, preshutdownTimeout, sidType, recovery);
  }

  public WindowsUpdate withDependencies(List<String> v) {
    return new WindowsUpdate(
        startType, account, Optional.of(v), preshutdownTimeout, sidType, recovery);
  }

  public WindowsUpdate withPreshutdownTimeout(Duration v) {
    return new WindowsUpdate(startType, account, dependencies, Optional.of(v), sidType, recovery);
  }

  public WindowsUpdate withSidType(SidType v) {
    return new WindowsUpdate(
        startType, account, dependencies, preshutdownTimeout, Optional.of(v), recovery);
  }

  public WindowsUpdate withRecovery(RecoveryActions v) {
    return new WindowsUpdate(
        startType, account, dependencies, preshutdownTimeout, sidType, Optional.of(v));
  }
}
