package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.svc4j.watcher.EventKind;
import io.svc4j.watcher.FileType;
import io.svc4j.watcher.WatchEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The POST action against real HTTP servers on the loopback. */
class WatchPostActionTest {

  @TempDir Path tmp;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private HttpServer server() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    servers.add(s);
    return s;
  }

  private static String url(HttpServer s, String path) {
    return "http://127.0.0.1:" + s.getAddress().getPort() + path;
  }

  private static List<WatchEvent> batch(String path) {
    return List.of(
        new WatchEvent(
            EventKind.MODIFIED,
            Path.of(path),
            Optional.empty(),
            FileType.FILE,
            3,
            Instant.now(),
            false));
  }

  @Test
  void theBearerTokenNeverFollowsARedirectToAnotherServer() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "secret-token\n");
    List<String> thief = new CopyOnWriteArrayList<>();
    HttpServer other = server();
    other.createContext(
        "/",
        x -> {
          thief.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    other.start();
    AtomicInteger asked = new AtomicInteger();
    HttpServer hook = server();
    hook.createContext(
        "/hook",
        x -> {
          asked.incrementAndGet();
          x.getResponseHeaders().add("Location", url(other, "/steal"));
          x.sendResponseHeaders(307, -1);
          x.close();
        });
    hook.start();
    try (var action =
        new WatchPostAction(
            "conf",
            new WatchAction.Post(
                URI.create(url(hook, "/hook")), Duration.ofSeconds(5), Optional.of(token), 1),
            Duration.ofMillis(50))) {
      action.onBatch(batch("/srv/a.conf"));
      // The first attempt and its one retry both get the redirect, and neither follows it.
      await().atMost(Duration.ofSeconds(20)).until(() -> asked.get() == 2 || !thief.isEmpty());
    }
    assertThat(thief).as("requests that reached the redirect target").isEmpty();
  }

  @Test
  void batchesArePostedInOrderAndAFailedOneIsRetriedBeforeTheNext() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer hook = server();
    hook.createContext(
        "/hook",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes());
          int n = calls.incrementAndGet();
          bodies.add((n <= 2 ? "fail " : "ok ") + body);
          x.sendResponseHeaders(n <= 2 ? 500 : 200, -1);
          x.close();
        });
    hook.start();
    try (var action =
        new WatchPostAction(
            "w",
            new WatchAction.Post(
                URI.create(url(hook, "/hook")), Duration.ofSeconds(5), Optional.empty(), 3),
            Duration.ofMillis(20))) {
      action.onBatch(batch("/srv/first"));
      action.onBatch(batch("/srv/second"));
      await().atMost(Duration.ofSeconds(20)).until(() -> bodies.size() == 4);
    }
    assertThat(bodies.get(0)).startsWith("fail ").contains("/srv/first");
    assertThat(bodies.get(1)).startsWith("fail ").contains("/srv/first");
    assertThat(bodies.get(2)).startsWith("ok ").contains("/srv/first");
    assertThat(bodies.get(3)).startsWith("ok ").contains("/srv/second");
  }
}
