package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ReadinessSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code svc4j run} in miniature, for the hosted test: supervises {@code sleep 600} with its
 * control channel at {@code args[0]} and exits with the host's exit code.
 */
public final class HostedMain {
  private HostedMain() {}

  public static void main(String[] args) {
    var options =
        SupervisorOptions.defaults()
            .readiness(ReadinessSettings.uptime(Duration.ofMillis(200)))
            .stopTimeout(Duration.ofSeconds(5));
    var supervisor = TestSupervisors.fromCommand("hosted-main", List.of("sleep", "600"), options);
    System.exit(supervisor.runHosted(Path.of(args[0])));
  }
}
