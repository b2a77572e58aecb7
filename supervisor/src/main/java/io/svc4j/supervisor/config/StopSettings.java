package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * How the child is stopped: {@code signal} to its process group and to every other process of its
 * tree (on Windows: the {@code windows} event), then, after {@code timeout}, SIGKILL (Windows:
 * TerminateProcess) to whatever of the tree is still alive.
 *
 * @param signal the graceful signal by name (TERM, INT, HUP, QUIT, USR1, USR2), without SIG
 * @param timeout how long the tree may take to exit after the graceful signal
 * @param windows what stands for the signal on Windows (default: CTRL_C to the child's console)
 */
public record StopSettings(String signal, Duration timeout, WindowsStopEvent windows) {

  public static final StopSettings DEFAULT = new StopSettings(null, null, null);

  public StopSettings(String signal, Duration timeout) {
    this(signal, timeout, null);
  }

  public StopSettings {
    windows = windows == null ? WindowsStopEvent.CTRL_C : windows;
    signal = signal == null ? "TERM" : normalise(signal);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    ConfigException.positive(timeout, "timeout");
    ConfigException.require(
        Signals.number(signal) > 0,
        "signal",
        "unknown signal '" + signal + "'; use TERM, INT, HUP, QUIT, USR1 or USR2");
  }

  private static String normalise(String name) {
    String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
    return upper.startsWith("SIG") ? upper.substring(3) : upper;
  }

  public StopSettings withTimeout(Duration newTimeout) {
    return new StopSettings(signal, newTimeout, windows);
  }
}
