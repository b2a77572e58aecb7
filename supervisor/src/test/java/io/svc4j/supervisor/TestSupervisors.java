package io.svc4j.supervisor;

import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test-only factories: a supervisor for a command, with options over the defaults. */
public final class TestSupervisors {

  private TestSupervisors() {}

  /**
   * The supervisor's runtime directory, as its running child sees it: the directory of the
   * NOTIFY_SOCKET in the child's environment (Linux).
   */
  public static java.nio.file.Path runtimeDir(Supervisor supervisor) throws java.io.IOException {
    byte[] environ =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of("/proc", Long.toString(supervisor.status().pid()), "environ"));
    for (String entry : new String(environ, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
      if (entry.startsWith("NOTIFY_SOCKET=")) {
        return java.nio.file.Path.of(entry.substring("NOTIFY_SOCKET=".length())).getParent();
      }
    }
    throw new IllegalStateException("the child has no NOTIFY_SOCKET");
  }

  public static Supervisor fromCommand(String name, List<String> command) {
    return Supervisor.of(SupervisorConfig.of(name, command));
  }

  /**
   * @param options the test's settings over the defaults, with SupervisorConfig's with-methods
   *     (given before the name and command are known)
   */
  public static Supervisor fromCommand(
      String name, List<String> command, UnaryOperator<SupervisorConfig> options) {
    return Supervisor.of(options.apply(SupervisorConfig.of(name, command)));
  }

  /**
   * A health check that passes while {@code healthy} exists: every 200 ms, 2 s to answer, unhealthy
   * after 2 failures in a row, and then the child is restarted.
   */
  public static HealthCheckSettings healthyWhileExists(java.nio.file.Path healthy) {
    return new HealthCheckSettings(
        new HealthProbe.Command(List.of("test", "-e", healthy.toString())),
        java.time.Duration.ofMillis(200),
        java.time.Duration.ofSeconds(2),
        2,
        java.time.Duration.ZERO,
        true);
  }
}
