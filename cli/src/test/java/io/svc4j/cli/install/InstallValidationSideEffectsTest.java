package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install} of a supervised service validates what the supervisor would refuse at start
 * (program, environment files, config file, log directory) without building a supervisor: no
 * directory or file appears, and not one thread is started. A live supervisor built "just to
 * validate" creates its log directory and files and starts its thread pools, which this test sees.
 */
class InstallValidationSideEffectsTest {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final FakeManager manager = new FakeManager();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int install(String... extra) {
    List<String> args = new ArrayList<>(List.of("install", "--name", "web"));
    args.addAll(List.of(extra));
    var context =
        new CliContext(
            scope -> manager, new PrintWriter(new StringWriter(), true), new PrintWriter(err));
    return Svc4j.execute(args.toArray(String[]::new), context);
  }

  private Set<Path> tree() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.collect(Collectors.toSet());
    }
  }

  @Test
  void aSupervisedInstallCreatesNoDirectoryFileOrThread() throws Exception {
    Path config = dir.resolve("web.yaml");
    Files.writeString(
        config,
        """
        name: web
        command: [/bin/sleep, "600"]
        restart:
          on-output: ["panic"]
        """);
    // Class loading and logging set up their own threads once per JVM: not the command's doing.
    assertThat(
            install(
                "--log-dir", dir.resolve("warm-up").toString(), "--dry-run", "--", "/bin/sleep"))
        .as(err.toString())
        .isZero();

    Set<Path> before = tree();
    long threadsBefore = THREADS.getTotalStartedThreadCount();
    int dryRun =
        install(
            "--config",
            config.toString(),
            "--log-dir",
            dir.resolve("a/logs").toString(),
            "--dry-run");
    int real =
        install("--config", config.toString(), "--log-dir", dir.resolve("b/logs").toString());
    long started = THREADS.getTotalStartedThreadCount() - threadsBefore;

    assertThat(dryRun).as(err.toString()).isZero();
    assertThat(real).as(err.toString()).isZero();
    assertThat(manager.installed).containsKey("web");
    assertThat(started).as("threads started by two installs").isZero();
    assertThat(tree()).as("the temporary tree is as it was").isEqualTo(before);
  }

  @Test
  void aRefusedInstallCreatesNothingEither() throws Exception {
    Set<Path> before = tree();
    long threadsBefore = THREADS.getTotalStartedThreadCount();
    int code =
        install(
            "--log-dir",
            dir.resolve("logs").toString(),
            "--run-as",
            "no-such-user-svc4j",
            "--",
            "/bin/sleep");
    long started = THREADS.getTotalStartedThreadCount() - threadsBefore;
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("svc4j: error: run-as: ").doesNotContain("\n");
    assertThat(tree()).isEqualTo(before);
    assertThat(started).isZero();
    assertThat(manager.installed).isEmpty();
  }
}
