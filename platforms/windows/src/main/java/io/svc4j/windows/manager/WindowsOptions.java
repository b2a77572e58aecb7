package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.PlatformOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The SCM settings of a service, typed and validated on construction. Every field has a safe
 * default (see {@link #DEFAULTS}); a backend never falls back silently from a value it cannot use.
 *
 * @param startType when Windows starts the service
 * @param account the account it runs as; the default is the least-privileged built-in account that
 *     exists everywhere, LocalService
 * @param dependencies names of services (or groups, prefixed with '+') that must run first
 * @param recovery failure actions; empty means "derive from the definition's restart policy"
 * @param preshutdownTimeout when set, the service opts in to PRESHUTDOWN and the SCM waits this
 *     long for it during a system shutdown
 * @param sidType the service SID type; RESTRICTED/UNRESTRICTED let ACLs name the service. NONE by
 *     default (the SCM's own default), raised to UNRESTRICTED for the virtual account, which needs
 *     a service SID
 * @param eventSource register an Application event source named after the service at install
 */
public record WindowsOptions(
    StartType startType,
    ServiceAccount account,
    List<String> dependencies,
    Optional<RecoveryActions> recovery,
    Optional<Duration> preshutdownTimeout,
    SidType sidType,
    boolean eventSource)
    implements PlatformOptions {

  public static final WindowsOptions DEFAULTS =
      new WindowsOptions(
          StartType.AUTO,
          new ServiceAccount.LocalService(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          SidType.NONE,
          true);

  /** The SCM limit for service and group names. */
  public static final int MAX_NAME = 256;

  public WindowsOptions {
    if (startType == null) {
      throw new ManagerException("start type missing: use auto, delayed-auto, manual or disabled");
    }
    if (account == null) {
      throw new ManagerException("service account missing: use LocalService, virtual, ...");
    }
    dependencies = List.copyOf(dependencies);
    requireValidDependencies(dependencies);
    preshutdownTimeout.ifPresent(WindowsOptions::requireValidPreshutdownTimeout);
    recovery.ifPresent(RecoveryActions::requireInstallable);
    if (sidType == null) {
      throw new ManagerException("SID type missing: use none, unrestricted or restricted");
    }
  }

  static void requireValidDependencies(List<String> dependencies) {
    for (String dependency : dependencies) {
      String bare = dependency.startsWith("+") ? dependency.substring(1) : dependency;
      if (bare.isEmpty()
          || bare.length() > MAX_NAME
          || bare.indexOf('/') >= 0
          || bare.indexOf('\\') >= 0) {
        throw new ManagerException(
            "invalid dependency '"
                + dependency
                + "': give a service name (or +GROUP) of 1-256 characters without / or \\");
      }
    }
  }

  static void requireValidPreshutdownTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > 0xFFFF_FFFFL) {
      throw new ManagerException(
          "preshutdown timeout " + timeout + " must be positive and below 49 days");
    }
  }

  public WindowsOptions withStartType(StartType v) {
    return new WindowsOptions(
        v, account, dependencies, recovery, preshutdownTimeout, sidType, eventSource);
  }

  public WindowsOptions withAccount(ServiceAccount v) {
    return new WindowsOptions(
        startType, v, dependencies, recovery, preshutdownTimeout, sidType, eventSource);
  }

  public WindowsOptions withDependencies(List<String> v) {
    return new WindowsOptions(
        startType, account, v, recovery, preshutdownTimeout, sidType, eventSource);
  }

  public WindowsOptions withRecovery(RecoveryActions v) {
    return new WindowsOptions(
        startType, account, dependencies, Optional.of(v), preshutdownTimeout, sidType, eventSource);
  }

  public WindowsOptions withPreshutdownTimeout(Duration v) {
    return new WindowsOptions(
        startType, account, dependencies, recovery, Optional.of(v), sidType, eventSource);
  }

  public WindowsOptions withSidType(SidType v) {
    return new WindowsOptions(
        startType, account, dependencies, recovery, preshutdownTimeout, v, eventSource);
  }

  public WindowsOptions withEventSource(boolean v) {
    return new WindowsOptions(
        startType, account, dependencies, recovery, preshutdownTimeout, sidType, v);
  }
}
