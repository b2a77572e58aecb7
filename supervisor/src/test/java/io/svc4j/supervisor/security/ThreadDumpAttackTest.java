package io.svc4j.supervisor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.HangingJavaChild;
import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.SupervisorListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, point 1: a hung JVM child's thread dump must not run a program the child chose. The
 * supervisor used to run {@code jcmd} from the directory of {@code /proc/PID/exe}, as root.
 */
class ThreadDumpAttackTest {

  @TempDir Path tmp;

  @Test
  void aRunAsChildsOwnJcmdBesideItsJavaIsNeverRunAndTheDumpLandsInItsStdoutLog() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    Path classes =
        Path.of(HangingJavaChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jail = AsUser.ownedDirectory(tmp, "jail", AsUser.NOBODY);
    Path marker = tmp.resolve("marker"); // tmp is root's: only root could create it
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    // As nobody: a JDK of its own (a copied launcher, the real libraries), a jcmd script beside
    // it, then exec that java, which reports READY and hangs (no watchdog pings).
    String attack =
        String.join(
            "\n",
            "set -e",
            "j=" + jail,
            "mkdir \"$j/bin\"",
            "cp " + jdk.resolve("bin/java") + " \"$j/bin/java\"",
            "ln -s " + jdk.resolve("lib") + " \"$j/lib\"",
            "ln -s " + jdk.resolve("conf") + " \"$j/conf\"",
            "printf '#!/bin/sh\\nid -u > " + marker + "\\n' > \"$j/bin/jcmd\"",
            "chmod 755 \"$j/bin/jcmd\"",
            "exec \"$j/bin/java\" -Xmx64m -XX:TieredStopAtLevel=1 -cp "
                + classes
                + " "
                + HangingJavaChild.class.getName());
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRunAs("nobody")
                // HangingJavaChild runs python3 from it
                .withEnvironment(java.util.Map.of("PATH", AsUser.PATH), true)
                .withWorkingDirectory(Path.of("/"))
                .withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withReadiness(
                    ReadinessSettings.notify(Duration.ofSeconds(60), Duration.ofSeconds(2)))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(5)))
                .withLogs(LogSettings.in(logs));
    List<Path> dumps = new CopyOnWriteArrayList<>();
    try (var supervisor =
        TestSupervisors.fromCommand("jailed", List.of("/bin/sh", "-c", attack), options)) {
      supervisor.addListener(
          new SupervisorListener() {
            @Override
            public void threadDumped(Path file) {
              dumps.add(file);
            }
          });
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(60))).isTrue();
      long pid = supervisor.status().pid();
      assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")))
          .isEqualTo(jail.resolve("bin/java"));
      assertThat(AsUser.uidOf(pid)).isEqualTo(AsUser.NOBODY);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      assertThat(supervisor.status().reason()).contains("hung");
    }
    assertThat(marker).doesNotExist();
    Path out = logs.resolve("jailed.out.log");
    assertThat(dumps).containsExactly(out);
    assertThat(Files.readString(out)).contains("Full thread dump").contains("parkForever");
  }
}
