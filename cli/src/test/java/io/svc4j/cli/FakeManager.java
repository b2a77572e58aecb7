package io.svc4j.cli;

import io.svc4j.manager.Artefact;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Records what the CLI asked for; for the CLI's parsing and exit-code tests only. */
public class FakeManager implements ServiceManager {
  public final Map<String, ServiceDefinition> installed = new LinkedHashMap<>();
  public final Map<String, ServiceStatus.State> states = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();
  public final Map<String, ServiceUpdate> updates = new LinkedHashMap<>();

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<Artefact> plan(ServiceDefinition d) {
    return List.of(new Artefact("/fake/" + d.name(), String.join(" ", d.command()) + "\n"));
  }

  @Override
  public void install(ServiceDefinition d, boolean force) {
    if (installed.containsKey(d.name()) && !force) {
      throw new ManagerException(new io.svc4j.manager.Refusal.AlreadyInstalled(d.name()));
    }
    installed.put(d.name(), d);
    states.put(d.name(), ServiceStatus.State.STOPPED);
    calls.add("install " + d.name());
  }

  @Override
  public void uninstall(String name, Duration timeout) {
    require(name);
    installed.remove(name);
    states.remove(name);
    calls.add("uninstall " + name + " " + timeout);
  }

  @Override
  public ServiceStatus start(String name, Duration timeout) {
    require(name);
    calls.add("start " + name + " " + timeout);
    states.put(name, ServiceStatus.State.RUNNING);
    return status(name);
  }

  @Override
  public ServiceStatus stop(String name, Duration timeout) {
    require(name);
    calls.add("stop " + name + " " + timeout);
    states.put(name, ServiceStatus.State.STOPPED);
    return status(name);
  }

  @Override
  public ServiceStatus restart(String name, Duration timeout) {
    calls.add("restart " + name + " " + timeout);
    return start(name, timeout);
  }

  /** Reloads only what was installed with a reload method, like systemd's CanReload. */
  @Override
  public ServiceStatus reload(String name, Duration timeout) {
    require(name);
    boolean reloads =
        installed
            .get(name)
            .options(io.svc4j.systemd.unit.SystemdOptions.class)
            .flatMap(io.svc4j.systemd.unit.SystemdOptions::reloadMethod)
            .isPresent();
    if (!reloads) {
      throw new ManagerException("service '" + name + "' does not support reload");
    }
    calls.add("reload " + name + " " + timeout);
    return status(name);
  }

  @Override
  public ServiceStatus update(String name, ServiceUpdate update) {
    require(name);
    calls.add("update " + name);
    updates.put(name, update);
    return status(name);
  }

  @Override
  public ServiceStatus status(String name) {
    ServiceStatus.State state = states.get(name);
    if (state == null) {
      return ServiceStatus.notInstalled(name);
    }
    return new ServiceStatus(
        name,
        state,
        state.name().toLowerCase(),
        state == ServiceStatus.State.RUNNING ? OptionalLong.of(42) : OptionalLong.empty(),
        state == ServiceStatus.State.RUNNING ? "serving" : "",
        state == ServiceStatus.State.FAILED ? OptionalInt.of(3) : OptionalInt.empty(),
        state == ServiceStatus.State.FAILED ? "exit-code" : "");
  }

  @Override
  public List<ServiceStatus> list() {
    return installed.keySet().stream().map(this::status).toList();
  }

  private void require(String name) {
    if (!installed.containsKey(name)) {
      throw new ManagerException("service '" + name + "' is not installed", 4, null);
    }
  }
}
