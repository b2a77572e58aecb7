package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code svc4j run} in miniature, for the hosted test: supervises {@code sleep 600} with its
 * control channel at {@code args[0]} and exits with the host's exit code.
 */
public final class HostedMain {
  private HostedMain() {}

  public static void main(String[] args) {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.uptime(Duration.ofMillis(200)))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(5)));
    var supervisor = TestSupervisors.fromCommand("hosted-main", List.of("sleep", "600"), options);
    System.exit(supervisor.runHosted(Path.of(args[0])));
  }
}
