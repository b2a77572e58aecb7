package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
