package io.svc4j.windows.manager;

import io.svc4j.manager.Artefact;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.runtime.ExitCodes;
import io.svc4j.runtime.ServiceController;
import io.svc4j.windows.Scm;
import io.svc4j.windows.ScmStates;
import io.svc4j.windows.eventlog.EventSources;
import io.svc4j.windows.lsa.AccountRights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows Service Control Manager as a {@link ServiceManager}. All logic lives here; the native
 * calls are behind {@link ScmApi}, so this class is tested on Linux with a fake and under Wine with
 * the real SCM.
 */
public final class ScmManager implements ServiceManager {

  private static final Logger log = LoggerFactory.getLogger(ScmManager.class);

  private final ScmApi api;
  private final LogonRights logonRights;
  private final Duration pollInterval;

  public ScmManager(ScmApi api, AccountRights rights) {
    this(api, rights, Duration.ofMillis(250));
  }

  ScmManager(ScmApi api, AccountRights rights, Duration pollInterval) {
    this.api = api;
    this.logonRights = new LogonRights(rights);
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return "windows-scm";
  }

  @Override
  public List<Artefact> plan(ServiceDefinition definition) {
    ScmConfig config = ScmConfig.from(definition);
    List<Artefact> plan = new ArrayList<>();
    plan.add(new Artefact("SCM service " + config.name(), config.render()));
    StringBuilder key = new StringBuilder("Svc4j (REG_SZ) = installed by svc4j\n");
    if (!config.environment().isEmpty()) {
      key.append("Environment (REG_MULTI_SZ) = ")
          .append(String.join(" | ", config.environment()))
          .append('\n');
    }
    plan.add(new Artefact("registry HKLM\\" + ScmConfig.serviceKey(config.name()), key.toString()));
    if (config.eventSource()) {
      plan.add(
          new Artefact(
              "registry HKLM\\" + EventSources.key(config.name()),
              "EventMessageFile (REG_EXPAND_SZ) = "
                  + EventSources.MESSAGE_FILE
                  + "\nTypesSupported (REG_DWORD) = "
                  + EventSources.TYPES_SUPPORTED
                  + "\n"));
    }
    return plan;
  }

  @Override
  public void install(ServiceDefinition definition, boolean force) {
    ScmConfig config = ScmConfig.from(definition);
    String name = config.name();
    Optional<RawStatus> existing = query(name, "install");
    if (existing.isPresent()) {
      if (!force) {
        throw new ManagerException(new Refusal.AlreadyInstalled(name));
      }
      if (!ask("update", name, () -> api.isMarked(name))) {
        throw new ManagerException(
            "service '" + name + "' exists and was not installed by svc4j: refusing to change it");
      }
      boolean grant = logonRights.missing(name, config.account());
      withPassword(config, password -> call("update", name, () -> api.update(config, password)));
      call("update", name, () -> api.configure(config));
      call("update", name, () -> api.mark(name, config.environment()));
      switchLogonRight(name, config.account(), grant);
      if (config.eventSource() && !ask("update", name, () -> api.eventSourceExists(name))) {
        call("update", name, () -> api.registerEventSource(name));
      }
      log.info("Updated service {}", name);
      return;
    }
    // An event source of the same name that exists already (an earlier install, another program)
    // is not ours to remove on rollback.
    boolean removeSourceOnRollback =
        config.eventSource() && !ask("install", name, () -> api.eventSourceExists(name));
    // Read before anything is created: an account that does not exist fails here.
    boolean grant = logonRights.missing(name, config.account());
    withPassword(config, password -> call("install", name, () -> api.create(config, password)));
    String granted = null;
    try {
      call("configure", name, () -> api.configure(config));
      call("configure", name, () -> api.mark(name, config.environment()));
      if (config.eventSource()) {
        call("register the event source of", name, () -> api.registerEventSource(name));
      }
      if (grant) {
        granted = logonRights.grant(name, config.account());
        String account = granted;
        call("configure", name, () -> api.recordLogonRightGrant(name, account));
      }
    } catch (RuntimeException e) {
      if (granted != null) {
        logonRights.takeBack(name, granted);
      }
      rollBack(name, removeSourceOnRollback, e);
      throw e;
    }
    log.info("Installed service {}", name);
  }

  /**
   * Changes only what {@code update} asks for (display name, description, command line, and the
   * {@link WindowsUpdate} settings); every other setting stays as the SCM holds it. Refuses
   * services svc4j did not install. The new command line and account apply from the next start.
   */
  @Override
  public ServiceStatus update(String name, ServiceUpdate update) {
    ServiceNames.requireValid(name);
    // Validated before anything is read or changed, so bad input is one line and changes nothing.
    ScmChange.of(name, update, Optional.empty());
    requireInstalled(name, "update");
    if (!ask("update", name, () -> api.isMarked(name))) {
      throw new ManagerException(
          "service '" + name + "' was not installed by svc4j: refusing to change it");
    }
    Optional<String> current =
        ScmChange.needsCurrentBinaryPath(update)
            ? Optional.of(readConfig(name).binaryPath())
            : Optional.empty();
    ScmChange change = ScmChange.of(name, update, current);
    ServiceAccount account =
        update.options(WindowsUpdate.class).flatMap(WindowsUpdate::account).orElse(null);
    boolean grant = account != null && logonRights.missing(name, account);
    withUpdatePassword(
        account, password -> call("update", name, () -> api.change(change, password)));
    if (account != null) {
      switchLogonRight(name, account, grant);
    }
    log.info("Updated service {}: {}", name, change.describe().strip().replace("\n", "; "));
    return status(name);
  }

  /**
   * After the account of an existing service changed (install --force, update): grants the right to
   * the new account if it lacked it, and takes back a grant svc4j made for a previous account.
   */
  private void switchLogonRight(String name, ServiceAccount account, boolean grant) {
    Optional<String> previous = ask("update", name, () -> api.logonRightGrant(name));
    String now = account.startName(name);
    if (previous.isPresent() && !previous.get().equalsIgnoreCase(now)) {
      takeBackUnlessUsed(name, previous.get());
      call("update", name, () -> api.recordLogonRightGrant(name, null));
    }
    if (grant) {
      String granted = logonRights.grant(name, account);
      call("update", name, () -> api.recordLogonRightGrant(name, granted));
    }
  }

  /** Takes back a grant unless another svc4j service runs as the same account. */
  private void takeBackUnlessUsed(String name, String account) {
    for (String other : ask("list", name, api::services)) {
      if (!other.equalsIgnoreCase(name)
          && ask("list", other, () -> api.isMarked(other))
          && ask("list", other, () -> api.readConfig(other))
              .map(r -> r.account().equalsIgnoreCase(account))
              .orElse(false)) {
        log.info(
            "Kept {} of {}: service {} runs as that account too",
            LogonRights.RIGHT,
            account,
            other);
        return;
      }
    }
    logonRights.takeBack(name, account);
  }

  private void rollBack(String name, boolean eventSource, RuntimeException cause) {
    try {
      api.delete(name);
      if (eventSource) {
        api.removeEventSource(name);
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      throw new ManagerException(
          cause.getMessage() + "; rolling back also failed, remove service '" + name + "' by hand",
          cause);
    }
  }

  private void withPassword(ScmConfig config, java.util.function.Consumer<char[]> action) {
    withPassword(
        config.account() instanceof ServiceAccount.User user ? user.password() : null, action);
  }

  /**
   * The password ChangeServiceConfig needs for a new {@code account}: the user's; an empty one for
   * the built-in accounts (which clears a user's old password); null for no account change and for
   * the virtual account, which must not have one.
   */
  private static void withUpdatePassword(
      ServiceAccount account, java.util.function.Consumer<char[]> action) {
    if (account == null || account instanceof ServiceAccount.Virtual) {
      action.accept(null);
    } else if (account instanceof ServiceAccount.User user) {
      withPassword(user.password(), action);
    } else {
      action.accept(new char[0]);
    }
  }

  /** Reads the password at the moment it is needed and wipes it afterwards. */
  private static void withPassword(
      PasswordSource source, java.util.function.Consumer<char[]> action) {
    if (source == null) {
      action.accept(null);
      return;
    }
    char[] password = source.read();
    try {
      action.accept(password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  @Override
  public void uninstall(String name, Duration timeout) {
    ServiceNames.requireValid(name);
    requireInstalled(name, "uninstall");
    if (!ask("uninstall", name, () -> api.isMarked(name))) {
      throw new ManagerException(
          "service '" + name + "' was not installed by svc4j: refusing to remove it");
    }
    try {
      RawStatus stopped =
          stopAndAwait(name, timeout.isZero() ? Duration.ofSeconds(30) : timeout, new Progress());
      log.debug("Service {} is {} before removal", name, Scm.stateName(stopped.state()));
    } catch (ManagerException e) {
      if (!(e.getCause() instanceof Win32Failure w && processIsGone(name, w.code()))) {
        throw e;
      }
      log.warn("Service {} has no live process to stop ({}); removing it", name, e.getMessage());
    }
    Optional<String> granted = ask("uninstall", name, () -> api.logonRightGrant(name));
    call("uninstall", name, () -> api.delete(name));
    call("remove the event source of", name, () -> api.removeEventSource(name));
    granted.ifPresent(account -> takeBackUnlessUsed(name, account));
    awaitState(
        name, "uninstall", timeout.isZero() ? Duration.ofSeconds(30) : timeout, s -> false, true);
    log.info("Uninstalled service {}", name);
  }

  /**
   * Whether a failed STOP means that the service's process is gone: the control pipe is closed, or
   * (Wine, after such a failure) the SCM refuses a STOP that the service says it accepts.
   */
  private boolean processIsGone(String name, int error) {
    if (Scm.isDeadProcess(error)) {
      return true;
    }
    if (error != Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
      return false;
    }
    return query(name, "uninstall")
        .map(
            s ->
                !ScmStates.isPending(s.state())
                    && s.state() != Scm.STOPPED
                    && (s.controlsAccepted() & Scm.ACCEPT_STOP) != 0)
        .orElse(false);
  }

  @Override
  public ServiceStatus start(String name, Duration timeout) {
    RawStatus now = requireInstalled(name, "start");
    if (now.state() == Scm.RUNNING) {
      return ScmStatusMapping.toStatus(name, now);
    }
    if (now.state() != Scm.START_PENDING) {
      try {
        api.start(name);
      } catch (Win32Failure e) {
        if (e.code() == Scm.ERROR_SERVICE_LOGON_FAILED) {
          throw new ManagerException(
              new Refusal.LogonFailed(
                  name, ask("start", name, () -> api.readConfig(name)).map(Readback::account)),
              e);
        }
        if (e.code() != Scm.ERROR_SERVICE_ALREADY_RUNNING) {
          throw ScmErrors.translate(e, "start", name);
        }
      }
    }
    if (timeout.isZero()) {
      return status(name);
    }
    RawStatus end =
        awaitState(name, "start", timeout, s -> s == Scm.RUNNING || s == Scm.STOPPED, false)
            .orElseThrow();
    if (end.state() == Scm.STOPPED && timedOut(end, ExitCodes.START_TIMED_OUT)) {
      Duration limit =
          ScmConfig.startTimeoutOf(
              ask("start", name, () -> api.readConfig(name)).map(Readback::binaryPath).orElse(""));
      throw new ManagerException(new Refusal.StartTimedOut(name, limit, ExitCodes.START_TIMED_OUT));
    }
    if (end.state() == Scm.STOPPED) {
      ServiceStatus status = ScmStatusMapping.toStatus(name, end);
      throw new ManagerException(
          "service '"
              + name
              + "' stopped while starting"
              + (status.result().isEmpty() ? "" : " with " + status.result())
              + ": see the Application event log");
    }
    return ScmStatusMapping.toStatus(name, end);
  }

  @Override
  public ServiceStatus stop(String name, Duration timeout) {
    Progress progress = new Progress();
    RawStatus end = stopAndAwait(name, timeout, progress);
    if (progress.stopped && timedOut(end, ExitCodes.STOP_DEADLINE_EXCEEDED)) {
      throw new ManagerException(
          "service '"
              + name
              + "' stop timed out after "
              + progress.stopWaitHint().map(ServiceController::seconds).orElse("its stop deadline")
              + ": its process was ended (service-specific error "
              + ExitCodes.STOP_DEADLINE_EXCEEDED
              + "); make its stop() return sooner or give it a longer stop deadline",
          3,
          null);
    }
    return ScmStatusMapping.toStatus(name, end);
  }

  /** A STOPPED service whose service-specific exit code says it ran out of time. */
  private static boolean timedOut(RawStatus end, int code) {
    return end.state() == Scm.STOPPED
        && end.win32ExitCode() == Scm.ERROR_SERVICE_SPECIFIC_ERROR
        && end.serviceSpecificExitCode() == code;
  }

  private RawStatus stopAndAwait(String name, Duration timeout, Progress progress) {
    RawStatus now = requireInstalled(name, "stop");
    if (now.state() == Scm.STOPPED) {
      return now;
    }
    progress.stopped = true;
    progress.check(name, now);
    if (now.state() != Scm.STOP_PENDING) {
      try {
        api.control(name, Scm.CONTROL_STOP);
      } catch (Win32Failure e) {
        if (e.code() != Scm.ERROR_SERVICE_NOT_ACTIVE) {
          throw ScmErrors.translate(e, "stop", name);
        }
      }
    }
    if (timeout.isZero()) {
      return now;
    }
    return awaitState(name, "stop", timeout, s -> s == Scm.STOPPED, false, progress).orElseThrow();
  }

  @Override
  public ServiceStatus restart(String name, Duration timeout) {
    stop(name, timeout.isZero() ? Duration.ofSeconds(30) : timeout);
    return start(name, timeout);
  }

  @Override
  public ServiceStatus pause(String name, Duration timeout) {
    return pauseOrResume(name, timeout, true);
  }

  @Override
  public ServiceStatus resume(String name, Duration timeout) {
    return pauseOrResume(name, timeout, false);
  }

  /**
   * Asks a running service to re-read its configuration (SERVICE_CONTROL_PARAMCHANGE). Returns once
   * the SCM delivered the control, whatever the timeout: the SCM has no state for a reload in
   * progress, so there is nothing to wait for.
   */
  @Override
  public ServiceStatus reload(String name, Duration timeout) {
    RawStatus now = requireInstalled(name, "reload");
    if (now.state() != Scm.RUNNING) {
      throw new ManagerException(
          "cannot reload service '"
              + name
              + "': it is "
              + Scm.stateName(now.state())
              + ", not RUNNING");
    }
    if ((now.controlsAccepted() & Scm.ACCEPT_PARAMCHANGE) == 0) {
      throw new ManagerException("service '" + name + "' does not support reload");
    }
    call("reload", name, () -> api.control(name, Scm.CONTROL_PARAMCHANGE));
    return status(name);
  }

  private ServiceStatus pauseOrResume(String name, Duration timeout, boolean pause) {
    String action = pause ? "pause" : "resume";
    RawStatus now = requireInstalled(name, action);
    int target = pause ? Scm.PAUSED : Scm.RUNNING;
    if (now.state() == target) {
      return ScmStatusMapping.toStatus(name, now);
    }
    if (now.state() != (pause ? Scm.RUNNING : Scm.PAUSED)) {
      throw new ManagerException(
          "cannot "
              + action
              + " service '"
              + name
              + "': it is "
              + Scm.stateName(now.state())
              + ", not "
              + (pause ? "RUNNING" : "PAUSED"));
    }
    if ((now.controlsAccepted() & Scm.ACCEPT_PAUSE_CONTINUE) == 0) {
      throw new ManagerException(
          "service '" + name + "' does not support pause and resume (it does not accept them)");
    }
    call(action, name, () -> api.control(name, pause ? Scm.CONTROL_PAUSE : Scm.CONTROL_CONTINUE));
    if (timeout.isZero()) {
      return status(name);
    }
    RawStatus end =
        awaitState(name, action, timeout, s -> s == target || s == Scm.STOPPED, false)
            .orElseThrow();
    if (end.state() != target) {
      throw new ManagerException(
          "service '" + name + "' stopped instead of " + (pause ? "pausing" : "resuming"));
    }
    return ScmStatusMapping.toStatus(name, end);
  }

  @Override
  public ServiceStatus status(String name) {
    ServiceNames.requireValid(name);
    return query(name, "query")
        .map(raw -> ScmStatusMapping.toStatus(name, raw))
        .orElseGet(() -> ServiceStatus.notInstalled(name));
  }

  @Override
  public List<ServiceStatus> list() {
    List<ServiceStatus> out = new ArrayList<>();
    for (String name : ask("list", "*", api::services)) {
      boolean ours;
      try {
        ours = api.isMarked(name);
      } catch (Win32Failure e) {
        continue; // removed meanwhile, or not readable: not one we can report on
      }
      if (ours) {
        query(name, "query").ifPresent(raw -> out.add(ScmStatusMapping.toStatus(name, raw)));
      }
    }
    return out;
  }

  /** The SCM's raw status (CheckPoint, WaitHint, controls accepted); empty if not installed. */
  public Optional<RawStatus> rawStatus(String name) {
    ServiceNames.requireValid(name);
    return query(name, "query");
  }

  /** The configuration the SCM holds for a service, for operators and the end-to-end tests. */
  public Readback readConfig(String name) {
    ServiceNames.requireValid(name);
    return ask("read the configuration of", name, () -> api.readConfig(name))
        .orElseThrow(() -> new ManagerException("service '" + name + "' is not installed"));
  }

  private RawStatus requireInstalled(String name, String action) {
    ServiceNames.requireValid(name);
    return query(name, action)
        .orElseThrow(
            () ->
                new ManagerException(
                    "cannot " + action + " service '" + name + "': it is not installed", 4, null));
  }

  private Optional<RawStatus> query(String name, String action) {
    return ask(action, name, () -> api.query(name));
  }

  /**
   * Polls until the state satisfies {@code done} (or, with {@code untilGone}, until the service no
   * longer exists); throws a one-line error at the timeout.
   */
  private Optional<RawStatus> awaitState(
      String name, String action, Duration timeout, IntPredicate done, boolean untilGone) {
    return awaitState(name, action, timeout, done, untilGone, new Progress());
  }

  private Optional<RawStatus> awaitState(
      String name,
      String action,
      Duration timeout,
      IntPredicate done,
      boolean untilGone,
      Progress progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<RawStatus> now = query(name, action);
      if (untilGone ? now.isEmpty() : now.isPresent() && done.test(now.get().state())) {
        return now;
      }
      now.ifPresent(status -> progress.check(name, status));
      if (now.isEmpty() && !untilGone) {
        throw new ManagerException(
            "service '" + name + "' disappeared while waiting to " + action + " it");
      }
      if (System.nanoTime() - deadline > 0) {
        String state = now.map(s -> Scm.stateName(s.state())).orElse("gone");
        throw new ManagerException(
            new Refusal.WaitTimedOut(name, action, timeout, state, untilGone));
      }
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ManagerException("interrupted while waiting to " + action + " " + name, e);
      }
    }
  }

  /**
   * A pending service proves it is alive by raising its CheckPoint before its WaitHint runs out;
   * one that does not is hung, and waiting for the whole timeout would only hide that.
   */
  private static final class Progress {
    private static final long GRACE_NANOS = Duration.ofSeconds(3).toNanos();
    private int state = -1;
    private int checkPoint = -1;
    private long since = System.nanoTime();
    private int stopWaitHint;

    /** Whether STOP was sent (a service already STOPPED did not time out now). */
    boolean stopped;

    /** The WaitHint of STOP_PENDING: the embedded runtime reports its stop deadline there. */
    Optional<Duration> stopWaitHint() {
      return stopWaitHint > 0
          ? Optional.of(Duration.ofMillis(Integer.toUnsignedLong(stopWaitHint)))
          : Optional.empty();
    }

    void check(String name, RawStatus status) {
      long now = System.nanoTime();
      if (status.state() == Scm.STOP_PENDING && status.waitHint() != 0) {
        stopWaitHint = status.waitHint();
      }
      if (status.state() != state || status.checkPoint() != checkPoint) {
        state = status.state();
        checkPoint = status.checkPoint();
        since = now;
        return;
      }
      long stalled = now - since;
      if (ScmStates.isPending(status.state())
          && status.waitHint() > 0
          && stalled
              > Duration.ofMillis(Integer.toUnsignedLong(status.waitHint())).toNanos()
                  + GRACE_NANOS) {
        throw new ManagerException(
            "service '"
                + name
                + "' is not responding: it has reported "
                + Scm.stateName(status.state())
                + " with CheckPoint "
                + status.checkPoint()
                + " for "
                + Duration.ofNanos(stalled).toSeconds()
                + " s, longer than its WaitHint of "
                + Integer.toUnsignedLong(status.waitHint())
                + " ms");
      }
    }
  }

  private static <T> T ask(String action, String name, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (Win32Failure e) {
      throw ScmErrors.translate(e, action, name);
    }
  }

  private static void call(String action, String name, Runnable call) {
    try {
      call.run();
    } catch (Win32Failure e) {
      throw ScmErrors.translate(e, action, name);
    }
  }
}
