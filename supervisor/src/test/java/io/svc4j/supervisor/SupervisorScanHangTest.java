package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.os.ChildPlatforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop hang seen once (a supervisor logged "SIGTERM received" and never moved to STOPPING): a
 * scan of the process table that hangs, as a read of /proc/PID/environ does while that process's
 * memory map stays locked, kept the engine's one event thread, and the stop request waited behind
 * it. With real processes and the real platform, only its periodic scan made to hang: the stop is
 * still handled at once and ends the whole tree within its timeout. Before the scans moved to their
 * own thread, the state stayed RUNNING and the stop never completed.
 */
@EnabledOnOs(OS.LINUX)
class SupervisorScanHangTest {

  @TempDir Path tmp;

  @Test
  void aStopEndsTheTreeWhileAScanOfTheProcessTableHangs() throws Exception {
    Path pids = tmp.resolve("pids");
    var config =
        SupervisorConfig.of(
                "scan-hang",
                Procs.sh("sleep 1000 & echo $$ >> " + pids + "; echo $! >> " + pids + "; wait"))
            .withReadiness(ReadinessSettings.uptime(Duration.ofMillis(200)))
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(5)));
    var platform = new HangingScanPlatform(ChildPlatforms.forThisHost(config));
    try (var supervisor = Supervisor.on(config, platform)) {
      platform.hang();
      supervisor.startChild();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> Files.exists(pids) && Procs.pids(pids).size() == 2);
      List<Long> tree = Procs.pids(pids);
      // The upkeep's first round comes 2 s after the launch, and hangs.
      assertThat(platform.entered.await(15, TimeUnit.SECONDS)).as("a scan hangs").isTrue();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);

      var stopped = supervisor.stopChild();
      await()
          .atMost(2, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(supervisor.status().state()).isNotEqualTo(ChildState.RUNNING));
      assertThat(stopped.get(10, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      assertThat(tree).as("no process of the tree is left").noneMatch(Procs::alive);
      assertThat(platform.scanThread).startsWith("svc4j-scan-");
    } finally {
      platform.release();
    }
  }
}
