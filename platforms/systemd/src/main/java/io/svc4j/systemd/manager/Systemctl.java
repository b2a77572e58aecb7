package io.svc4j.systemd.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The systemctl calls the manager makes, each turned into a one-line {@link ManagerException} on
 * failure. The command prefix is a parameter so the same code can drive a systemd in other
 * namespaces ({@code nsenter -t PID -m -p -n -u systemctl}).
 */
public final class Systemctl {

  /** Bound for calls that do not wait for a service (daemon-reload, enable, show). */
  static final Duration QUICK = Duration.ofSeconds(60);

  private final List<String> prefix;
  private final CommandRunner runner;

  public Systemctl(List<String> command, Scope scope, CommandRunner runner) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty systemctl command");
    }
    List<String> p = new ArrayList<>(command);
    if (scope == Scope.USER) {
      p.add("--user");
    }
    // Never prompt for a password: the caller gets a clear "needs root" line instead of a hang.
    p.add("--no-ask-password");
    p.add("--no-pager");
    this.prefix = List.copyOf(p);
    this.runner = runner;
  }

  public Map<String, String> show(String unit, List<String> properties) {
    List<String> args = new ArrayList<>(List.of("show", unit, "-p", String.join(",", properties)));
    return SystemctlShow.parse(require(run(args, QUICK), "show", unit).stdout());
  }

  /** The running manager's version string ("252.38-1~deb12u1"), or empty if it cannot be read. */
  public String managerVersion() {
    CommandRunner.Result result = run(List.of("show", "-p", "Version", "--value"), QUICK);
    return result.succeeded() ? result.stdout().strip() : "";
  }

  public void daemonReload() {
    require(run(List.of("daemon-reload"), QUICK), "daemon-reload", "");
  }

  public void enable(String unit) {
    require(run(List.of("enable", unit), QUICK), "enable", unit);
  }

  public void disable(String unit) {
    require(run(List.of("disable", unit), QUICK), "disable", unit);
  }

  /** Clears a failed state; errors are ignored because the unit may already be gone. */
  public void resetFailedQuietly(String unit) {
    run(List.of("reset-failed", unit), QUICK);
  }

  /**
   * Runs {@code verb} (start, stop, restart, reload) and waits up to {@code wait} for systemd to
   * finish the job; with a zero wait, only queues it. The raw result is returned: the caller reads
   * the unit state to explain a failure.
   */
  public CommandRunner.Result job(String verb, String unit, Duration wait) {
    if (wait.isZero()) {
      return require(run(List.of(verb, "--no-block", unit), QUICK), verb, unit);
    }
    return run(List.of(verb, unit), wait);
  }

  CommandRunner.Result run(List<String> args, Duration timeout) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(args);
    return runner.run(command, timeout);
  }

  /** The result if it succeeded, else a one-line error naming the step and systemctl's reason. */
  CommandRunner.Result require(CommandRunner.Result result, String verb, String unit) {
    if (result.succeeded()) {
      return result;
    }
    throw failure(result, verb, unit);
  }

  ManagerException failure(CommandRunner.Result result, String verb, String unit) {
    String what = "systemctl " + verb + (unit.isEmpty() ? "" : " " + unit);
    if (result.timedOut()) {
      return new ManagerException(what + " did not answer within " + QUICK.toSeconds() + "s");
    }
    String reason = result.firstErrorLine();
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("not been booted with systemd") || lower.contains("can't operate")) {
      return new ManagerException(
          "systemd is not running on this machine (" + what + ": " + reason + ")");
    }
    if (lower.contains("failed to connect to bus") || lower.contains("xdg_runtime_dir")) {
      return new ManagerException(
          what
              + " cannot reach the service manager ("
              + reason
              + "): for --user services log in with a session or run 'loginctl enable-linger'");
    }
    if (lower.contains("access denied")
        || lower.contains("interactive authentication required")
        || lower.contains("permission denied")) {
      return new ManagerException(what + " was refused (" + reason + "): run it as root (sudo)");
    }
    return new ManagerException(what + " failed: " + reason);
  }
}
