package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
import io.svc4j.cli.Svc4jJvm;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.runtime.ExitCodes;
import io.svc4j.systemd.unit.UnitRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --restart} and {@code --restart-delay} mean the same thing in both modes: the policy of
 * the program the operator gave. {@code --direct}: that program is the service, so the service
 * manager's. Supervised: the supervisor's for its child, while the manager keeps its own default
 * policy for the supervisor.
 */
class RestartFlagsTest {

  private final FakeManager manager = new FakeManager();
  private final InProcessCli cli = new InProcessCli(manager);

  @TempDir Path dir;

  @Test
  void supervisedTheFlagsReachTheSupervisorAndTheUnitKeepsItsOwnPolicy() {
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--log-dir",
            dir.resolve("logs").toString(),
            "--restart",
            "no",
            "--restart-delay",
            "5s",
            "--",
            "/bin/sleep",
            "600");

    assertThat(code).as(cli.err.toString()).isZero();
    ServiceDefinition d = manager.installed.get("web");
    int run = d.command().indexOf("run");
    assertThat(run).as(d.command().toString()).isPositive();
    assertThat(d.command().subList(run, d.command().size()))
        .containsSubsequence("--restart", "no")
        .containsSubsequence("--restart-delay", "5000ms");
    assertThat(d.restart()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(UnitRenderer.render(d).render())
        .contains("Restart=on-failure")
        .contains("RestartSec=2");
  }

  @Test
  void supervisedWithoutTheFlagsTheConfigFilesRestartSectionStays() {
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--log-dir",
            dir.resolve("logs").toString(),
            "--",
            "/bin/sleep",
            "600");

    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(manager.installed.get("web").command())
        .doesNotContain("--restart", "--restart-delay");
  }

  @Test
  void directTheFlagsAreTheServiceManagersPolicy() {
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--direct",
            "--type",
            "exec",
            "--restart",
            "no",
            "--restart-delay",
            "5s",
            "--",
            "/bin/sleep",
            "600");

    assertThat(code).as(cli.err.toString()).isZero();
    ServiceDefinition d = manager.installed.get("web");
    assertThat(d.restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
    assertThat(d.restart().delay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.command()).doesNotContain("--restart");
  }

  /** {@code svc4j run --restart no} as a real process, over the default on-failure policy. */
  @Test
  void runWithRestartNoLeavesAFailedChildDown() throws Exception {
    List<String> command =
        Svc4jJvm.command(
            "run", "--name", "restart-no", "--restart", "no", "--", "sh", "-c", "sleep 2; exit 3");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

    // On-failure (the default) would have restarted it and kept running.
    assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.RUNTIME_FAILED);
    assertThat(output).contains("exited with code 3, policy no").doesNotContain("restarting in");
  }
}
