package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.PlatformOptions;
import java.nio.file.Path;
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

  /**
   * Builds the update from command-line flags, each null (or false / empty) when not given, with
   * one-line errors. As for install, a password comes only from a file or a prompt.
   */
  public static WindowsUpdate fromFlags(
      String startType,
      String account,
      Path passwordFile,
      boolean passwordPrompt,
      List<String> dependencies,
      boolean noDependencies,
      Duration preshutdownTimeout,
      String sidType) {
    if (passwordFile != null && passwordPrompt) {
      throw new ManagerException("give either --password-file or --password-prompt, not both");
    }
    if (noDependencies && dependencies != null && !dependencies.isEmpty()) {
      throw new ManagerException("give either --depends-on or --no-dependencies, not both");
    }
    PasswordSource password =
        passwordFile != null
            ? new PasswordSource.FromFile(passwordFile)
            : passwordPrompt ? new PasswordSource.Prompt(account) : null;
    if (password != null && account == null) {
      throw new ManagerException(
          "a password is changed together with its account: add --account DOMAIN\\user");
    }
    return new WindowsUpdate(
        Optional.ofNullable(startType).map(StartType::parse),
        Optional.ofNullable(account).map(a -> ServiceAccount.parse(a, password)),
        noDependencies
            ? Optional.of(List.of())
            : dependencies == null || dependencies.isEmpty()
                ? Optional.empty()
                : Optional.of(dependencies),
        Optional.ofNullable(preshutdownTimeout),
        Optional.ofNullable(sidType).map(SidType::parse),
        Optional.empty());
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
