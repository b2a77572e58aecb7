package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.Svc4jJvm;
import io.svc4j.runtime.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart policy's outcome is news, not a defect: {@code svc4j run} (a real JVM, a real child)
 * says what happened in one line and exits with the documented code; the stack trace is there only
 * with {@code --verbose}.
 */
class RunOutcomeTest {

  @TempDir Path dir;

  private record Run(int exitCode, String output) {}

  private Run svc4jRun(String name, String childScript, String... extra) throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(
        config,
        """
        name: %s
        command: ["sh", "-c", "%s"]
        restart:
          mode: "no"
        """
            .formatted(name, childScript));
    List<String> command = Svc4jJvm.command("run", "--config", config.toString());
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    return new Run(p.exitValue(), output);
  }

  @Test
  void aChildThatExitsUnderModeNoEndsTheRunInOneLineWithExitCodeThree() throws Exception {
    // Up for 2 s: past start-seconds (1 s), so it was RUNNING and the service had started.
    Run run = svc4jRun("outcome-ran", "sleep 2; exit 3");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.RUNTIME_FAILED);
    assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.output().lines().filter(l -> l.contains("ERROR")).toList())
        .as(run.output())
        .singleElement()
        .asString()
        .endsWith(
            "Service outcome-ran failed while running: outcome-ran EXITED: exited with code 3,"
                + " policy no");
  }

  @Test
  void aChildThatNeverBecomesReadyEndsTheRunInOneLineWithExitCodeOne() throws Exception {
    Run run = svc4jRun("outcome-early", "exit 3");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.START_FAILED);
    assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.output().lines().filter(l -> l.contains("ERROR")).toList())
        .as(run.output())
        .singleElement()
        .asString()
        .endsWith(
            "Service outcome-early failed to start: outcome-early did not become ready: exited"
                + " with code 3, policy no");
  }

  @Test
  void verboseShowsWhereTheOutcomeWasRaised() throws Exception {
    Run run = svc4jRun("outcome-verbose", "exit 3", "--verbose");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.START_FAILED);
    assertThat(run.output()).contains("ChildFailedException").contains("\tat ");
  }
}
