package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
import io.svc4j.cli.Svc4jJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log directory that another user could write is refused where the operator meets it: {@code
 * svc4j install} of a supervised service and {@code svc4j run}, in one line, installing and
 * creating nothing.
 */
class UnsafeLogDirectoryCliTest {

  @TempDir Path tmp;
  private final FakeManager manager = new FakeManager();
  private final InProcessCli cli = new InProcessCli(manager);

  private Path sharedLogs() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    return shared.resolve("logs");
  }

  private void assertRefused(int code, Path logs) {
    String e = cli.err.toString();
    assertThat(code).as(e).isNotZero();
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    assertThat(e)
        .contains("logs.directory: '" + logs + "' is not safe for logs written as root: '")
        .contains("is writable by every user (mode 0777)")
        .doesNotContain("\tat ");
    assertThat(logs).doesNotExist();
  }

  @Test
  void installRefusesItAndInstallsNothing() throws Exception {
    Path logs = sharedLogs();
    int code = cli.run("install", "--name", "web", "--log-dir", logs.toString(), "--", "/bin/sh");
    assertRefused(code, logs);
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void runRefusesItAndStartsNothing() throws Exception {
    Path logs = sharedLogs();
    Path marker = tmp.resolve("started");
    int code =
        cli.run(
            "run",
            "--name",
            "web",
            "--log-dir",
            logs.toString(),
            "--",
            "/bin/touch",
            marker.toString());
    assertRefused(code, logs);
    assertThat(marker).doesNotExist();
  }

  /**
   * The supervisor's runtime directory (notify sockets, which root binds and chowns by path) is
   * made in java.io.tmpdir: one that others can write (and that is not sticky like /tmp) is refused
   * the same way. A real {@code svc4j run} JVM, as its tmpdir is fixed at JVM start.
   */
  @Test
  void runRefusesARuntimeDirectoryInATmpdirOthersCanWrite() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared-tmp"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path marker = tmp.resolve("started");
    List<String> command =
        Svc4jJvm.command(
            List.of(
                "--enable-native-access=ALL-UNNAMED", // keeps the JDK's JNA warning out of the
                // output
                "-Djava.io.tmpdir=" + shared),
            List.of("run", "--name", "web", "--", "/bin/touch", marker.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isNotZero();
    assertThat(output.strip().lines()).as(output).hasSize(1);
    assertThat(output)
        .contains("java.io.tmpdir: '" + shared + "/svc4j-")
        .contains(
            "' is not safe for the supervisor's runtime files (notify sockets): '"
                + shared
                + "' is writable by every user (mode 0777)")
        .doesNotContain("\tat ");
    assertThat(marker).doesNotExist();
    try (var left = Files.list(shared)) {
      assertThat(left.toList()).as("nothing left in the shared tmpdir").isEmpty();
    }
  }
}
