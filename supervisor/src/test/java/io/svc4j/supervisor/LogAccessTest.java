package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services print secrets: captured logs are root's and the service group's to read, nobody else's.
 * Files 0640 and the directory 0750, group = the run-as user's group (adm without one), checked on
 * real files after capture, rotation and compression, and by reading them as other users.
 */
class LogAccessTest {

  @TempDir Path tmp;

  /** Everyone may pass through the test directory: only the log modes decide who reads. */
  @BeforeEach
  void traversable() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** "mode owner group", e.g. "640 root daemon". */
  private static String access(Path p) throws Exception {
    var a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    return Integer.toOctalString(mode) + " " + a.owner().getName() + " " + a.group().getName();
  }

  /** Whether {@code user} (with its own groups) can read {@code file}: a real {@code cat}. */
  private static boolean canRead(String user, Path file) throws Exception {
    List<String> who =
        user.equals("nobody")
            ? List.of("--reuid", "nobody", "--regid", "nogroup", "--clear-groups")
            : List.of("--reuid", user, "--regid", user, "--init-groups");
    var command = new java.util.ArrayList<>(List.of("setpriv"));
    command.addAll(who);
    command.addAll(List.of("cat", file.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0;
  }

  private Supervisor runToEnd(Path logs, String runAs) {
    String script =
        "import sys\n"
            + "for i in range(300): print('%06d secret-token-%s' % (i, 'x' * 80))\n"
            + "sys.stderr.write('an error line\\n')\n";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withWorkingDirectory(Path.of("/"))
                .withLogs(LogSettings.in(logs).withRotation(4096, 3, true))
                .withRunAs(runAs); // null: the supervisor's user
    var supervisor = TestSupervisors.fromCommand("web", Procs.python(script), options);
    supervisor.startChild();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.EXITED);
    supervisor.close();
    return supervisor;
  }

  @Test
  void filesAre0640AndTheDirectory0750WithTheRunAsUsersGroupAfterRotationAndCompression()
      throws Exception {
    Path logs = tmp.resolve("logs");
    runToEnd(logs, "daemon");
    assertThat(access(logs)).isEqualTo("750 root daemon");
    Path out = logs.resolve("web.out.log");
    Path gz = logs.resolve("web.out.log.1.gz");
    assertThat(gz).isRegularFile();
    try (var files = Files.list(logs)) {
      for (Path file : files.toList()) {
        assertThat(access(file)).as(file.toString()).isEqualTo("640 root daemon");
      }
    }
    assertThat(canRead("daemon", out)).as("the service's own user reads its logs").isTrue();
    assertThat(canRead("daemon", gz)).isTrue();
    assertThat(canRead("nobody", out)).as("another user").isFalse();
    assertThat(canRead("nobody", gz)).isFalse();
    assertThat(canRead("nobody", logs.resolve("web.err.log"))).isFalse();
  }

  @Test
  void withoutRunAsTheGroupIsAdm() throws Exception {
    Path logs = tmp.resolve("logs");
    runToEnd(logs, null);
    assertThat(access(logs)).isEqualTo("750 root adm");
    assertThat(access(logs.resolve("web.out.log"))).isEqualTo("640 root adm");
    assertThat(access(logs.resolve("web.out.log.1.gz"))).isEqualTo("640 root adm");
    assertThat(canRead("nobody", logs.resolve("web.out.log"))).isFalse();
  }

  /** An earlier version left 0644 files: the next start takes them back. */
  @Test
  void aWorldReadableFileFromAnEarlierRunIsTightenedWhenCaptureStarts() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Path out = logs.resolve("web.out.log");
    Files.writeString(out, "password=hunter2\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(canRead("nobody", out)).as("before").isTrue();
    runToEnd(logs, "daemon");
    assertThat(access(out)).isEqualTo("640 root daemon");
    assertThat(canRead("nobody", out)).isFalse();
  }
}
