package io.svc4j.windows.manager;

import io.svc4j.windows.Scm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An in-memory SCM for the manager's logic. Each query applies the service's next scripted status,
 * which lets a test play a start that goes through START_PENDING, fails, or hangs.
 */
final class FakeScmApi implements ScmApi {

  static final class Entry {
    ScmConfig config;
    RawStatus status = new RawStatus(Scm.STOPPED, 0, 0, 0, 0, 0, 0);
    final List<RawStatus> script = new ArrayList<>();
    boolean marked;
    List<String> environment = List.of();
    int controlsAccepted = Scm.ACCEPT_STOP | Scm.ACCEPT_SHUTDOWN;
    UnaryOperator<RawStatus> onStart;
    UnaryOperator<RawStatus> onStop;
    String logonRightGrant;
  }

  final Map<String, Entry> services = new LinkedHashMap<>();
  final Map<String, Boolean> eventSources = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  final Map<String, Integer> failOn = new LinkedHashMap<>();
  char[] lastPassword;
  final List<ScmChange> changes = new ArrayList<>();
  final List<char[]> changePasswords = new ArrayList<>();

  private void call(String operation) {
    calls.add(operation);
    Integer error = failOn.get(operation);
    if (error != null) {
      throw new Win32Failure(operation, error, "scripted");
    }
  }

  private Entry existing(String name, String operation) {
    Entry entry = services.get(name);
    if (entry == null) {
      throw new Win32Failure(operation, Scm.ERROR_SERVICE_DOES_NOT_EXIST, "");
    }
    return entry;
  }

  static RawStatus state(int state, int controls) {
    return new RawStatus(state, controls, 0, 0, 0, 0, state == Scm.STOPPED ? 0 : 4242);
  }

  @Override
  public void create(ScmConfig config, char[] password) {
    call("create");
    if (services.containsKey(config.name())) {
      throw new Win32Failure("CreateService", Scm.ERROR_SERVICE_EXISTS, "");
    }
    lastPassword = password == null ? null : password.clone();
    Entry entry = new Entry();
    entry.config = config;
    services.put(config.name(), entry);
  }

  @Override
  public void update(ScmConfig config, char[] password) {
    call("update");
    existing(config.name(), "update").config = config;
  }

  @Override
  public void change(ScmChange change, char[] password) {
    call("change");
    existing(change.name(), "change");
    changes.add(change);
    changePasswords.add(password == null ? null : password.clone());
  }

  @Override
  public void configure(ScmConfig config) {
    call("configure");
    existing(config.name(), "configure");
  }

  @Override
  public void delete(String name) {
    call("delete");
    existing(name, "delete");
    services.remove(name);
  }

  @Override
  public Optional<RawStatus> query(String name) {
    Entry entry = services.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.script.isEmpty()) {
      entry.status = entry.script.removeFirst();
    }
    return Optional.of(entry.status);
  }

  @Override
  public void start(String name) {
    call("start");
    Entry entry = existing(name, "start");
    if (entry.onStart != null) {
      entry.status = entry.onStart.apply(entry.status);
    } else {
      entry.status = state(Scm.RUNNING, entry.controlsAccepted);
    }
  }

  @Override
  public void control(String name, int control) {
    call("control " + control);
    Entry entry = existing(name, "control");
    switch (control) {
      case Scm.CONTROL_STOP ->
          entry.status =
              entry.onStop != null ? entry.onStop.apply(entry.status) : state(Scm.STOPPED, 0);
      case Scm.CONTROL_PAUSE -> entry.status = state(Scm.PAUSED, entry.controlsAccepted);
      case Scm.CONTROL_CONTINUE -> entry.status = state(Scm.RUNNING, entry.controlsAccepted);
      case Scm.CONTROL_PARAMCHANGE -> {}
      default -> throw new Win32Failure("ControlService", Scm.ERROR_INVALID_SERVICE_CONTROL, "");
    }
  }

  @Override
  public Optional<Readback> readConfig(String name) {
    calls.add("readConfig");
    Entry entry = services.get(name);
    if (entry == null || entry.config == null) {
      return Optional.empty();
    }
    ScmConfig c = entry.config;
    return Optional.of(
        new Readback(
            c.binaryPath(),
            c.startType().scmStartType(),
            java.util.Objects.requireNonNullElse(c.account().startName(name), "LocalSystem"),
            c.displayName(),
            c.dependencies(),
            Optional.of(c.description()),
            Optional.of(c.startType().delayed()),
            Optional.of(c.recovery()),
            c.preshutdownTimeout().map(d -> (int) d.toMillis()),
            Optional.of(c.sidType().code()),
            List.of()));
  }

  @Override
  public List<String> services() {
    return new ArrayList<>(services.keySet());
  }

  @Override
  public void mark(String name, List<String> environment) {
    call("mark");
    Entry entry = existing(name, "mark");
    entry.marked = true;
    entry.environment = environment;
  }

  @Override
  public boolean isMarked(String name) {
    return existing(name, "isMarked").marked;
  }

  @Override
  public void registerEventSource(String name) {
    call("registerEventSource");
    eventSources.put(name, true);
  }

  @Override
  public void removeEventSource(String name) {
    call("removeEventSource");
    eventSources.remove(name);
  }

  @Override
  public boolean eventSourceExists(String name) {
    return eventSources.containsKey(name);
  }

  @Override
  public void recordLogonRightGrant(String name, String account) {
    call("recordLogonRightGrant");
    existing(name, "recordLogonRightGrant").logonRightGrant = account;
  }

  @Override
  public Optional<String> logonRightGrant(String name) {
    Entry entry = services.get(name);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.logonRightGrant);
  }
}
