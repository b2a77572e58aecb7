package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.service.ServiceState;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pause and resume through the real controller (what SCM PAUSE / CONTINUE call), real sockets. */
class PauseTest {

  @Test
  void pausedAnswers503ToNewRequestsLetsInFlightOnesFinishAndResumeServesAgain() throws Exception {
    try (RunningService app = RunningService.start()) {
      assertThat(app.controller.supportsPause()).isTrue();
      CompletableFuture<HttpResponse<String>> slow =
          app.client.sendAsync(
              HttpRequest.newBuilder(app.uri("/api/slow?ms=5000"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // 5 s: long enough to be still in flight after the pause on a loaded machine.
      await().atMost(10, TimeUnit.SECONDS).until(() -> app.service.stats().inFlight() >= 1);

      assertThat(app.controller.requestPause()).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> app.controller.state() == ServiceState.PAUSED);
      assertThat(slow).as("the request in flight is still being served").isNotDone();

      HttpResponse<String> refused = app.get("/api/hello");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(refused.headers().firstValue("Connection")).hasValue("close");
      assertThat(refused.body()).contains("paused");
      HttpResponse<String> ready = app.get("/readyz");
      assertThat(ready.statusCode()).as("a paused service is not ready").isEqualTo(503);
      assertThat(app.get("/healthz").statusCode()).as("but alive").isEqualTo(200);

      HttpResponse<String> finished = slow.get(30, TimeUnit.SECONDS);
      assertThat(finished.statusCode()).as("in flight when paused: completes").isEqualTo(200);
      assertThat(finished.body()).contains("\"slept_ms\":5000");

      assertThat(app.controller.requestResume()).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> app.controller.state() == ServiceState.RUNNING);
      assertThat(app.get("/api/hello").statusCode()).isEqualTo(200);
      assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aStopWhilePausedStillDrainsAndExitsCleanly() throws Exception {
    RunningService app = RunningService.start();
    try {
      assertThat(app.controller.requestPause()).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> app.controller.state() == ServiceState.PAUSED);
      assertThat(app.stop().exitCode()).isZero();
    } finally {
      app.client.close();
    }
  }
}
