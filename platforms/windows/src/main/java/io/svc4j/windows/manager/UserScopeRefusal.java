package io.svc4j.windows.manager;

import io.svc4j.manager.Artefact;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a per-user request gets on Windows: one clear error, instead of "no service manager found"
 * or, worse, acting on the machine-wide service of the same name.
 */
final class UserScopeRefusal implements ServiceManager {

  private static ManagerException refused() {
    return new ManagerException(new Refusal.PerUserService(Optional.empty()));
  }

  @Override
  public String name() {
    return "windows-scm";
  }

  @Override
  public List<Artefact> plan(ServiceDefinition definition) {
    throw refused();
  }

  @Override
  public void install(ServiceDefinition definition, boolean force) {
    throw refused();
  }

  @Override
  public void uninstall(String name, Duration timeout) {
    throw refused();
  }

  @Override
  public ServiceStatus start(String name, Duration timeout) {
    throw refused();
  }

  @Override
  public ServiceStatus stop(String name, Duration timeout) {
    throw refused();
  }

  @Override
  public ServiceStatus restart(String name, Duration timeout) {
    throw refused();
  }

  @Override
  public ServiceStatus status(String name) {
    throw refused();
  }

  @Override
  public List<ServiceStatus> list() {
    throw refused();
  }

  @Override
  public ServiceStatus update(String name, ServiceUpdate update) {
    throw refused();
  }

  @Override
  public ServiceStatus pause(String name, Duration timeout) {
    throw refused();
  }

  @Override
  public ServiceStatus resume(String name, Duration timeout) {
    throw refused();
  }
}
