package io.svc4j.testing.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL runs no shutdown hook and leaves its systemd running; the next boot
 * powers it off. A namespace whose JVM is alive is left alone.
 */
class StrayNamespaceReaperTest {

  @Test
  void nextBootPowersOffTheSystemdOfAKilledRunButNotOfALiveOne() throws Exception {
    Process crashed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbasedir=" + RunDirectories.targetDir().getParent(),
                "-cp",
                codeSource(SystemdNamespace.class)
                    + File.pathSeparator
                    + codeSource(BootAndWait.class),
                BootAndWait.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long stray;
    try {
      String line =
          new BufferedReader(
                  new InputStreamReader(crashed.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(line).as("output of the booting JVM").isNotNull().startsWith("PID ");
      stray = Long.parseLong(line.substring(4).strip());
    } finally {
      crashed.destroyForcibly();
      assertThat(crashed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ProcessHandle.of(stray)).as("systemd outlives its killed JVM").isPresent();

    try (SystemdNamespace live = SystemdNamespace.boot()) {
      assertThat(ProcessHandle.of(stray)).as("the stray systemd after the next boot").isEmpty();
      try (SystemdNamespace second = SystemdNamespace.boot()) {
        assertThat(ProcessHandle.of(live.pid()))
            .as("a namespace whose JVM is alive survives another boot")
            .isPresent();
        assertThat(second.exec("systemctl", "is-system-running").out()).isIn("running", "degraded");
      }
      assertThat(live.exec("systemctl", "is-system-running").out()).isIn("running", "degraded");
    }
  }

  /** The directory or jar {@code type} was loaded from: the harness, or this module's tests. */
  private static String codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
