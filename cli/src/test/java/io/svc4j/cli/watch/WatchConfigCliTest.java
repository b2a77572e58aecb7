package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.svc4j.cli.Svc4jJvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j watch --config FILE} as a real process: several watches, a command per batch (argv,
 * batch on stdin and in the environment), POSTs to a real HTTP server (bearer token, retry after a
 * failure, a hung receiver that does not hold the watcher up), and its one-line errors.
 */
class WatchConfigCliTest {

  @TempDir Path tmp;
  private HttpServer server;
  private Process watcher;

  /** What the HTTP server received: the Authorization header and the body. */
  record Received(String authorization, String body) {}

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.destroyForcibly();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private Process start(Path config) throws Exception {
    return new ProcessBuilder(Svc4jJvm.small("watch", "--config", config.toString()))
        .redirectError(tmp.resolve("err.log").toFile())
        .redirectOutput(tmp.resolve("out.log").toFile())
        .start();
  }

  /** Ready is not visible from outside: touch a probe until the log action reports it. */
  private void awaitWatching(Path dir) {
    Path probe = dir.resolve("probe.conf");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(watcher.isAlive()).as(this::stderr).isTrue();
              Files.writeString(probe, "x");
              return stderr().contains("watch conf: ") && stderr().contains("probe.conf");
            });
  }

  private String stderr() {
    return WatchCommandTest.read(tmp.resolve("err.log"));
  }

  @Test
  void severalWatchesRunTheirCommandsAndPostTheirBatches() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Path site = Files.createDirectories(tmp.resolve("site"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("hook.token"), "tok-123\n");
    List<Received> received = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // The first delivery fails: the watcher must retry it.
          int status = calls.incrementAndGet() == 1 ? 503 : 204;
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    Path config = tmp.resolve("watch.yaml");
    Files.writeString(
        config,
        """
        watches:
          - name: conf
            paths: [conf]
            include: ["*.conf"]
            actions:
              - log
              - run: [sh, -c, 'cat > "$0/conf-$$.json"; echo "$SVC4J_WATCH_NAME $SVC4J_WATCH_PATHS" >> "$0/conf.env"', OUT]
              - post: URL
                bearer-token-file: hook.token
                timeout: 5s
          - name: site
            paths: [site]
            debounce: 100ms
            actions:
              - run: [sh, -c, 'wc -c < /dev/stdin > "$0/site.stdin"; echo "$SVC4J_WATCH_NAME $SVC4J_WATCH_PATHS" > "$0/site.env"', OUT]
                batch: env
        """
            .replace("OUT", out.toString())
            .replace("URL", url));
    watcher = start(config);
    awaitWatching(conf);
    await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 2);
    int before = received.size();

    Files.writeString(conf.resolve("app.conf"), "port=1\n");
    Files.writeString(conf.resolve("notes.txt"), "not reported");
    Files.createDirectories(site.resolve("css"));
    Files.writeString(site.resolve("css/a.css"), "body{}");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.stream().skip(before).anyMatch(r -> r.body().contains("app.conf")));
    ObjectMapper json = new ObjectMapper();
    Received post =
        received.stream().skip(before).filter(r -> r.body().contains("app.conf")).findFirst().get();
    assertThat(post.authorization()).isEqualTo("Bearer tok-123");
    JsonNode body = json.readTree(post.body());
    assertThat(body.get("watch").asText()).isEqualTo("conf");
    assertThat(body.get("events")).hasSize(1);
    assertThat(body.get("events").get(0).get("kind").asText()).isEqualTo("created");
    assertThat(body.get("events").get(0).get("path").asText())
        .isEqualTo(conf.resolve("app.conf").toString());
    assertThat(stderr()).contains("POST " + url + " failed (HTTP 503); retry 1 of 5 in 1s");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> WatchCommandTest.read(out.resolve("conf.env")).contains("app.conf"));
    assertThat(WatchCommandTest.read(out.resolve("conf.env")))
        .contains("conf [\"" + conf.resolve("app.conf") + "\"]")
        .doesNotContain("notes.txt");
    try (var files = Files.list(out)) {
      List<JsonNode> stdins =
          files
              .filter(f -> f.getFileName().toString().startsWith("conf-"))
              .map(f -> readJson(json, f))
              .toList();
      assertThat(stdins)
          .anySatisfy(
              a ->
                  assertThat(a.toString())
                      .contains("\"path\":\"" + conf.resolve("app.conf") + "\""));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> WatchCommandTest.read(out.resolve("site.env")).contains("a.css"));
    assertThat(WatchCommandTest.read(out.resolve("site.env"))).startsWith("site [");
    assertThat(WatchCommandTest.read(out.resolve("site.stdin")).strip())
        .as("batch: env leaves stdin empty")
        .isEqualTo("0");

    watcher.destroy();
    assertThat(watcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(watcher.exitValue()).as(this::stderr).isZero();
  }

  @Test
  void aReceiverThatNeverAnswersDoesNotHoldUpTheWatcherOrItsOtherActions() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger posts = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/slow",
        exchange -> {
          posts.incrementAndGet();
          try {
            release.await(120, TimeUnit.SECONDS); // hangs: never answers in time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    Path config = tmp.resolve("watch.yaml");
    Files.writeString(
        config,
        """
        watches:
          - name: conf
            paths: [conf]
            actions:
              - log
              - post: http://127.0.0.1:PORT/slow
                timeout: 60s
                retries: 0
              - run: [sh, -c, 'echo "$SVC4J_WATCH_PATHS" >> "$0/ran"', OUT]
        """
            .replace("PORT", String.valueOf(server.getAddress().getPort()))
            .replace("OUT", out.toString()));
    try {
      watcher = start(config);
      awaitWatching(conf);
      await().atMost(Duration.ofSeconds(30)).until(() -> posts.get() >= 1);
      // The POST of the probe's batch hangs for a minute; later batches still run their command.
      for (int i = 0; i < 3; i++) {
        Path f = conf.resolve("later-" + i + ".txt");
        Files.writeString(f, "x");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> WatchCommandTest.read(out.resolve("ran")).contains(f.toString()));
      }
      assertThat(posts.get()).as("still the first POST, hanging").isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aBadConfigIsOneLocatedLineAndExitTwo() throws Exception {
    Path config = tmp.resolve("bad.yaml");
    Files.writeString(config, "watches:\n  - paths: [nope]\n    actions: [log]\n");
    WatchCommandTest.Result r = WatchCommandTest.run("watch", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: "
                + config
                + ":2:13: watches[0].paths[0]: "
                + tmp.resolve("nope")
                + " does not exist: give an existing directory");
  }

  @Test
  void configWithPathsOrPerWatchOptionsIsOneLine() throws Exception {
    Path config = tmp.resolve("w.yaml");
    Files.writeString(config, "watches:\n  - paths: [.]\n    actions: [log]\n");
    WatchCommandTest.Result r =
        WatchCommandTest.run("watch", "--config", config.toString(), "--json", "--debounce", "1s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --config "
                + config
                + " names the paths and actions: give no --debounce, --json with it (write them"
                + " in the file)");
  }

  @Test
  void schemaPrintsTheConfigSchema() throws Exception {
    WatchCommandTest.Result r = WatchCommandTest.run("watch", "--schema");
    assertThat(r.code()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("$id").asText())
        .isEqualTo("urn:svc4j:watch-config");
  }

  private static JsonNode readJson(ObjectMapper json, Path f) {
    try {
      return json.readTree(Files.readString(f));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + f, e);
    }
  }
}
