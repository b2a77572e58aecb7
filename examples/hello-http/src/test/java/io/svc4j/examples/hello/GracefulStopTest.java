package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.Outcome;
import io.svc4j.service.ServiceState;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

  private static final int CONCURRENT = 50;

  @Test
  void stopDrainsInFlightRequestsAndRefusesNewConnections() throws Exception {
    RunningService app = RunningService.start(Duration.ofSeconds(30));
    int port = app.service.port();
    // A keep-alive connection opened before the stop, to ask /readyz on while stopping.
    try (Socket probe = new Socket("127.0.0.1", port)) {
      probe.setSoTimeout(20_000);
      assertThat(exchange(probe, "/readyz")).startsWith("HTTP/1.1 200");

      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        slow.add(
            app.client.sendAsync(
                java.net.http.HttpRequest.newBuilder(app.uri("/api/slow?ms=4000"))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      // The readiness probe above is still open, so it counts as in flight only while answering.
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> app.service.stats().inFlight() >= CONCURRENT);

      app.controller.requestStop();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !app.service.isReady());
      assertThat(exchange(probe, "/readyz")).startsWith("HTTP/1.1 503");

      // New connections are refused while the accepted requests are still being served. A SYN sent
      // while the accept queue is being emptied is dropped and refused on its retransmit (~1 s),
      // hence requests of 4 s.
      AtomicLong inFlightWhenRefused = new AtomicLong(-1);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                long before = app.service.stats().inFlight();
                if (refused(port)) {
                  inFlightWhenRefused.set(before);
                  return true;
                }
                return false;
              });
      assertThat(inFlightWhenRefused.get()).isPositive();

      for (var f : slow) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"slept_ms\":4000");
      }
      Outcome outcome = app.controller.awaitTermination();
      assertThat(outcome.state()).isEqualTo(ServiceState.STOPPED);
      assertThat(outcome.exitCode()).isZero();
      assertThat(app.service.isAlive()).isFalse();
      assertThat(refused(port)).isTrue();
    } finally {
      app.client.close();
    }
  }

  /**
   * A request whose bytes arrive after the stop began, on a connection accepted before it: served
   * in full with {@code Connection: close} (it used to get a 503 "shutting down").
   */
  @Test
  void aRequestArrivingAfterTheStopBeganOnAnAcceptedConnectionIsServed() throws Exception {
    RunningService app = RunningService.start(Duration.ofSeconds(30));
    int port = app.service.port();
    try (LateRequest late = new LateRequest(port, "/api/hello")) {
      app.controller.requestStop();
      // The listener closes only after the request tracker was shut down: from then on, every
      // request reaching the server arrives after the stop began.
      await()
          .atMost(20, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> refused(port));
      String answer = late.finish();
      assertThat(answer)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("Connection: close")
          .contains("hello, world");
      Outcome outcome = app.controller.awaitTermination();
      assertThat(outcome.exitCode()).isZero();
    } finally {
      app.client.close();
    }
  }

  @Test
  void debugHangMakesLivenessFailForGood() throws Exception {
    try (RunningService app = RunningService.start("--enable-debug-endpoints")) {
      assertThat(app.controller.probeAlive()).isTrue();
      var r = app.send("POST", "/api/debug/hang", null);
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(app.service.isAlive()).isFalse();
      assertThat(app.controller.probeAlive()).isFalse();
      assertThat(app.get("/healthz").statusCode()).isEqualTo(503);
      // Still serving: only liveness reports the (simulated) hang.
      assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aPortInUseFailsTheStartWithOneClearLine() throws Exception {
    try (RunningService first = RunningService.start()) {
      var second =
          new io.svc4j.runtime.ServiceController(
              HelloHttpService.fromArgs(List.of("--port", Integer.toString(first.service.port()))),
              io.svc4j.runtime.HostOptions.named("second"));
      second.start();
      Outcome outcome = second.awaitTermination();
      assertThat(outcome.state()).isEqualTo(ServiceState.FAILED);
      assertThat(outcome.cause())
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.service.port())
          .hasMessageContaining("--port");
    }
  }

  @Test
  void stopBeforeAnyRequestIsQuickAndClean() throws Exception {
    RunningService app = RunningService.start();
    int port = app.service.port();
    Outcome outcome = app.stop();
    app.client.close();
    assertThat(outcome.exitCode()).isZero();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** One HTTP/1.1 keep-alive request on a raw socket; returns the head of the response. */
  private static String exchange(Socket socket, String path) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    in.readNBytes(length);
    return head.toString();
  }
}
