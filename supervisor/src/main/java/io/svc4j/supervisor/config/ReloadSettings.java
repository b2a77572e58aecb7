package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * What a reload of the supervised service ({@code systemctl reload}, {@code svc4j reload}, SIGHUP
 * to the supervisor) does to the child.
 *
 * @param signal the signal sent to the child's main process (HUP, USR1, USR2, without SIG); default
 *     HUP. Not possible on Windows, which has no signals: there only {@code restart} reloads.
 * @param restart restart the child instead of signalling it, for programs that read their
 *     configuration only at start; default false
 * @param timeout how long the reload may take: a child that speaks sd_notify (readiness mode
 *     notify) must send {@code READY=1} after the signal within it, a restarted child must be ready
 *     again within it; default 90s
 */
public record ReloadSettings(String signal, Boolean restart, Duration timeout) {

  public static final ReloadSettings DEFAULT = new ReloadSettings(null, null, null);

  public ReloadSettings {
    signal = signal == null ? "HUP" : normalise(signal);
    restart = restart != null && restart;
    timeout = timeout == null ? Duration.ofSeconds(90) : timeout;
    ConfigException.positive(timeout, "timeout");
    ConfigException.require(
        signal.equals("HUP") || signal.equals("USR1") || signal.equals("USR2"),
        "signal",
        "'" + signal + "' cannot ask for a reload; use HUP, USR1 or USR2");
  }

  /** The Linux number of {@link #signal}. */
  public int signalNumber() {
    return Signals.number(signal);
  }

  private static String normalise(String name) {
    String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
    return upper.startsWith("SIG") ? upper.substring(3) : upper;
  }
}
