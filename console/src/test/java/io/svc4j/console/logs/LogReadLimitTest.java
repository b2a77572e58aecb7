package io.svc4j.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.console.ConsoleFixture;
import io.svc4j.console.ConsoleService;
import io.svc4j.runtime.ServiceController;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches and "load earlier" reads run in a few slots per console: with every slot taken (as by
 * that many viewers' searches still running), one more request through the real console is answered
 * 429 with one line at once, and a slot given back serves the next one. A burst of real concurrent
 * searches leaves every slot free afterwards.
 */
class LogReadLimitTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Supervisor supervisor;
  private ServiceController console;
  private ConsoleService consoleService;
  private final HttpClient client =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

  @BeforeEach
  void superviseAndServe() throws Exception {
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("chatty", List.of("sh", "-c", "echo needle one; exec sleep 600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(tmp.resolve("logs"))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.readString(tmp.resolve("logs/chatty.out.log")).contains("needle one"));
    consoleService = ConsoleFixture.loopback(tmp.resolve("run"));
    console = ConsoleFixture.host(consoleService);
    assertThat(get("/").statusCode()).isEqualTo(200); // the loopback session cookie
  }

  @AfterEach
  void stop() throws Exception {
    ConsoleFixture.stop(console);
    supervisor.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consoleService.port() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final String SEARCH = "/api/services/chatty/logs/search?stream=stdout&q=needle";

  @Test
  void oneSearchMoreThanTheSlotsIsAnswered429AndAFreedSlotServesTheNext() throws Exception {
    assertThat(get(SEARCH).body()).contains("needle one");
    for (int i = 0; i < LogReadSlots.SEARCHES; i++) {
      assertThat(LogReadSlots.SEARCH.tryTake()).isTrue();
    }
    try {
      HttpResponse<String> busy = get(SEARCH);
      assertThat(busy.statusCode()).isEqualTo(429);
      assertThat(busy.headers().firstValue("Retry-After")).contains("2");
      assertThat(JSON.readTree(busy.body()).path("error").asText())
          .isEqualTo("2 searches are already running on this console; try again in a few seconds");
      // "load earlier" has slots of its own.
      assertThat(get("/api/services/chatty/logs/earlier?stream=stdout&cursor=x").statusCode())
          .isEqualTo(400);
      LogReadSlots.SEARCH.give();
      HttpResponse<String> served = get(SEARCH);
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(served.body()).path("matches").get(0).path("line").asText())
          .isEqualTo("needle one");
    } finally {
      for (int i = 1; i < LogReadSlots.SEARCHES; i++) {
        LogReadSlots.SEARCH.give();
      }
    }
  }

  @Test
  void earlierPagesBeyondTheirSlotsAreAnswered429() throws Exception {
    for (int i = 0; i < LogReadSlots.EARLIER; i++) {
      assertThat(LogReadSlots.EARLIER_PAGES.tryTake()).isTrue();
    }
    try {
      HttpResponse<String> busy = get("/api/services/chatty/logs/earlier?stream=stdout&cursor=x");
      assertThat(busy.statusCode()).isEqualTo(429);
      assertThat(JSON.readTree(busy.body()).path("error").asText())
          .isEqualTo(
              "4 'load earlier' reads are already running on this console; try again in a few"
                  + " seconds");
      assertThat(get(SEARCH).statusCode()).isEqualTo(200);
    } finally {
      for (int i = 0; i < LogReadSlots.EARLIER; i++) {
        LogReadSlots.EARLIER_PAGES.give();
      }
    }
  }

  @Test
  void aBurstOfConcurrentSearchesGetsAnswersAndGivesEverySlotBack() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      burst.add(
          client.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + consoleService.port() + SEARCH))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var response : burst) {
      HttpResponse<String> r = response.get();
      assertThat(r.statusCode()).isIn(200, 429);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.has(r.statusCode() == 200 ? "matches" : "error")).isTrue();
    }
    // Every slot is given back before its answer is written, so all are free once all answers
    // are in; the slots are per process, so any taken here are given back whatever happens.
    int taken = 0;
    try {
      for (int i = 0; i < LogReadSlots.SEARCHES; i++) {
        assertThat(LogReadSlots.SEARCH.tryTake()).as("slot %d is free again", i).isTrue();
        taken++;
      }
      assertThat(LogReadSlots.SEARCH.tryTake()).isFalse();
    } finally {
      for (int i = 0; i < taken; i++) {
        LogReadSlots.SEARCH.give();
      }
    }
  }
}
