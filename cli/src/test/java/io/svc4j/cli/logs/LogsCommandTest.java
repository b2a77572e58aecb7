package io.svc4j.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.FakeSupervisor;
import io.svc4j.cli.Svc4j;
import io.svc4j.supervisor.control.ControlServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j logs}: which file it reads, with and without a supervisor answering. */
class LogsCommandTest {

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;
  private ControlServer control;

  @AfterEach
  void closeControl() {
    if (control != null) {
      control.close();
    }
  }

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            name -> dir.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  @Test
  void theRunningSupervisorSaysWhereItsLogsAre() throws Exception {
    Path custom = Files.createDirectories(dir.resolve("somewhere-else"));
    Files.writeString(custom.resolve("app.log"), "one\ntwo\nthree\n");
    Files.writeString(custom.resolve("app.err"), "oops\n");
    var supervisor =
        new FakeSupervisor().logs(custom.resolve("app.log"), custom.resolve("app.err"));
    control = ControlServer.start(dir.resolve("web.sock"), supervisor::handle);

    assertThat(run("logs", "web", "-n", "2")).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly("two", "three");
    out.getBuffer().setLength(0);
    assertThat(run("logs", "web", "--stderr")).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly("oops");
  }

  @Test
  void logDirWinsOverTheSupervisorAndWithoutEitherTheErrorNamesTheFile() throws Exception {
    Path given = Files.createDirectories(dir.resolve("given"));
    Files.writeString(given.resolve("web.out.log"), "from --log-dir\n");
    var supervisor = new FakeSupervisor().logs(dir.resolve("nope.log"), dir.resolve("nope.err"));
    control = ControlServer.start(dir.resolve("web.sock"), supervisor::handle);
    assertThat(run("logs", "web", "--log-dir", given.toString())).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly("from --log-dir");

    assertThat(run("logs", "other", "--log-dir", dir.resolve("empty").toString())).isNotZero();
    assertThat(err.toString().strip().lines())
        .singleElement()
        .asString()
        .contains("no captured log for 'other'")
        .contains(dir.resolve("empty").resolve("other.out.log").toString());
  }

  /** Captured logs are 0640 root:adm in a 0750 directory: another user is told why, in one line. */
  @Test
  void anotherUserIsToldTheLogsAreNotForThem(@TempDir Path tmp) throws Exception {
    Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path logs = tmp.resolve("logs");
    var file =
        new io.svc4j.supervisor.logs.LogFile(
            logs.resolve("web.out.log"), 1 << 20, 1, false, 1 << 20);
    file.offer(new io.svc4j.supervisor.logs.Chunk("password=hunter2\n".getBytes(), 1));
    file.close();
    var command =
        java.util.List.of(
            "setpriv",
            "--reuid",
            "nobody",
            "--regid",
            "nogroup",
            "--clear-groups",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            readableClassPath(tmp.resolve("cp")),
            Svc4j.class.getName(),
            "logs",
            "web",
            "--log-dir",
            logs.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isEqualTo(1);
    assertThat(output.strip())
        .isEqualTo(
            "svc4j: error: cannot read the captured log of 'web' at "
                + logs.resolve("web.out.log")
                + ": captured logs are readable by root and the group adm only; run 'sudo svc4j"
                + " logs web' or join that group");
  }

  /** This JVM's class path, copied where any user can read it (the build's may be root's only). */
  private static String readableClassPath(Path into) throws java.io.IOException {
    java.util.List<String> entries = new java.util.ArrayList<>();
    Files.createDirectories(into);
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = into.resolve(n++ + "-" + from.getFileName());
      try (var walk = Files.walk(from)) {
        for (Path p : walk.toList()) {
          Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
      }
      entries.add(to.toString());
    }
    try (var walk = Files.walk(into)) {
      for (Path p : walk.toList()) {
        Files.setPosixFilePermissions(
            p,
            java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
