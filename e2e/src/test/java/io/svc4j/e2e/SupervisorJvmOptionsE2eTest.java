package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.install.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM options {@code svc4j install} writes for the supervisor (issue 12 point 4) start a real
 * supervisor on the JDK running the tests (25) and on a Temurin 21 JRE, whichever JDK version chose
 * them: the unit keeps its options when the JDK under the same path is replaced by an older one, so
 * an option that JVM does not know must not stop it.
 */
class SupervisorJvmOptionsE2eTest {

  /** An option no JDK has, standing for one of a later JDK (21 knows no compact headers either). */
  private static final List<String> LATER_JDK_OPTIONS =
      List.of("-XX:+Svc4jOptionOfALaterJdk", "-XX:+UseCompactObjectHeaders");

  @TempDir Path tmp;

  /** (JVM that runs the supervisor, version of the JVM that installed it). */
  static Stream<Arguments> runnerAndWriter() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Path home : LauncherCacheE2eTest.javaHomes().toList()) {
      for (String writer : List.of("21", "21.0.9", "25.0.1")) {
        out.add(Arguments.of(home, writer));
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("runnerAndWriter")
  void theInstalledOptionsStartTheSupervisorOnJava21And25(Path home, String writer)
      throws Exception {
    List<String> options =
        new ArrayList<>(JvmOptions.supervisor(Runtime.Version.parse(writer), true));
    options.addAll(LATER_JDK_OPTIONS);

    Path started = tmp.resolve("started");
    Process supervisor = supervise(home, options, started);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(started) || !supervisor.isAlive());
      String out = output();
      assertThat(supervisor.isAlive())
          .as("supervisor on %s with %s: %s", home, options, out)
          .isTrue();
      assertThat(started).exists();
      assertThat(out).doesNotContain("Unrecognized", "Error", "Exception");
    } finally {
      supervisor.destroy(); // SIGTERM: the supervisor stops its child and ends
      assertThat(supervisor.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The control: without the guard the same options stop the JVM before it runs anything. */
  @ParameterizedTest
  @MethodSource("io.svc4j.e2e.LauncherCacheE2eTest#javaHomes")
  void withoutTheGuardAnUnknownOptionStopsTheJvm(Path home) throws Exception {
    List<String> options = new ArrayList<>(JvmOptions.SUPERVISOR);
    options.addAll(LATER_JDK_OPTIONS);
    Path started = tmp.resolve("started");
    Process supervisor = supervise(home, options, started);
    assertThat(supervisor.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(supervisor.exitValue()).isNotZero();
    assertThat(output()).contains("Unrecognized VM option");
    assertThat(started).doesNotExist();
  }

  private Process supervise(Path home, List<String> options, Path started) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/java").toString());
    command.addAll(options);
    command.addAll(
        List.of(
            "-jar",
            E2eEnvironment.cliJar().toString(),
            "run",
            "--name",
            "jvmopts-" + UUID.randomUUID().toString().substring(0, 8),
            "--",
            "sh",
            "-c",
            "touch '" + started + "'; exec sleep 600"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("supervisor.out").toFile())
        .start();
  }

  private String output() throws IOException {
    return Files.readString(tmp.resolve("supervisor.out"));
  }
}
