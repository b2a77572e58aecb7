package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceManager;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.windows.lsa.JnaAccountRights;
import java.util.Optional;

/**
 * Offers the {@link ScmManager} on Windows for machine-wide services; per-user requests get a
 * manager that refuses with one clear line.
 */
public final class ScmManagerProvider implements ManagerProvider {

  @Override
  public Optional<ServiceManager> detect(HostEnvironment environment, Scope scope) {
    if (!environment.isWindows()) {
      return Optional.empty();
    }
    if (scope != Scope.SYSTEM) {
      return Optional.of(new UserScopeRefusal());
    }
    return Optional.of(new ScmManager(new JnaScmApi(), new JnaAccountRights()));
  }
}
