package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.cli.CliContext;
import io.svc4j.cli.Svc4j;
import io.svc4j.cli.Svc4jJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j watch} as a real process, and its one-line usage errors. */
class WatchCommandTest {

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Svc4j.execute(
            args,
            new CliContext(
                scope -> {
                  throw new AssertionError("no manager needed");
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true)));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void aMissingPathIsOneLine() {
    Result r = run("watch", tmp.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: "
                + tmp.resolve("nope")
                + " does not exist: give an existing directory");
  }

  @Test
  void aFileIsNotADirectory() throws Exception {
    Path f = Files.writeString(tmp.resolve("f.txt"), "x");
    Result r = run("watch", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not a directory").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aBadGlobIsOneLineNamingIt() {
    Result r = run("watch", "--include", "[abc", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--include [abc is not a valid glob").doesNotContain("\tat ");
  }

  @Test
  void aStateFileInAMissingDirectoryIsOneLine() {
    Path state = tmp.resolve("no-such-dir/watch.state");
    Result r = run("watch", "--state", state.toString(), tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --state "
                + state
                + ": its directory does not exist: create it first");
  }

  @Test
  void hashWithoutAStateFileIsOneLine() {
    Result r = run("watch", "--hash", "*.conf", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --hash only goes with --state FILE: name a state file too");
  }

  @Test
  void noPathIsOneLine() {
    Result r = run("watch", "--", "echo", "hi");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("svc4j: error: watch: give at least one PATH to watch (a directory)");
  }

  @Test
  void aRunningWatcherPrintsOneJsonLinePerChangeAndStopsGracefully() throws Exception {
    Path watched = Files.createDirectories(tmp.resolve("watched"));
    Path log = tmp.resolve("out.log");
    Process p =
        new ProcessBuilder(
                Svc4jJvm.small("watch", "--json", "--include", "*.conf", watched.toString()))
            .redirectError(tmp.resolve("err.log").toFile())
            .redirectOutput(log.toFile())
            .start();
    try {
      // Ready is not visible from outside: touch a probe until the watcher reports it.
      Path probe = watched.resolve("probe.conf");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(p.isAlive()).as(() -> read(tmp.resolve("err.log"))).isTrue();
                Files.writeString(probe, "x");
                return read(log).contains("probe.conf");
              });
      Files.createDirectories(watched.resolve("new/deeper"));
      Files.writeString(watched.resolve("new/deeper/app.conf"), "a=1");
      Files.writeString(watched.resolve("new/deeper/ignored.txt"), "no");
      await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("app.conf"));
      p.destroy(); // SIGTERM: the host stops the watcher gracefully
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(() -> read(tmp.resolve("err.log"))).isZero();
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> lines =
          read(log)
              .lines()
              .map(
                  l -> {
                    try {
                      return json.readTree(l);
                    } catch (Exception e) {
                      throw new AssertionError("not JSON: " + l, e);
                    }
                  })
              .toList();
      assertThat(lines).noneMatch(n -> n.get("path").asText().endsWith("ignored.txt"));
      JsonNode app =
          lines.stream()
              .filter(n -> n.get("path").asText().endsWith("app.conf"))
              .findFirst()
              .orElseThrow();
      assertThat(app.get("kind").asText()).isEqualTo("created");
      assertThat(app.get("type").asText()).isEqualTo("file");
      assertThat(app.get("size").asLong()).isEqualTo(3);
      assertThat(app.get("time").asText()).isNotEmpty();
      assertThat(lines.stream().filter(n -> n.get("path").asText().endsWith("app.conf")))
          .hasSize(1);
    } finally {
      p.destroyForcibly();
    }
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
