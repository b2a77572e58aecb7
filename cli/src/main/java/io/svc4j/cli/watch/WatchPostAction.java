package io.svc4j.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.cli.Durations;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each batch as {@code {"watch": NAME, "events": [...]}} to a URL, on a thread of its own so
 * that a slow or dead receiver never holds the watcher up. A failed attempt (no connection, no
 * answer within the timeout, a status other than 2xx) is one log line and is retried after 1 s, 2
 * s, 4 s ... (at most 60 s) up to {@code retries} times; then the batch is dropped with one line.
 * Batches wait in order; beyond {@value #MAX_WAITING} waiting the oldest is dropped, said in one
 * line. The bearer token is read from its file for every attempt (a rotated token is used at once).
 */
final class WatchPostAction implements BatchListener, AutoCloseable {

  static final int MAX_WAITING = 1000;

  private static final Logger log = LoggerFactory.getLogger(WatchPostAction.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  private final String watch;
  private final WatchAction.Post post;
  private final Duration firstBackoff;
  private final HttpClient client;
  private final Deque<List<WatchEvent>> waiting = new ArrayDeque<>();
  private final Thread worker;
  private boolean closed;

  WatchPostAction(String watch, WatchAction.Post post) {
    this(watch, post, Duration.ofSeconds(1));
  }

  WatchPostAction(String watch, WatchAction.Post post, Duration firstBackoff) {
    this.watch = watch;
    this.post = post;
    this.firstBackoff = firstBackoff;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(post.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.worker = Thread.ofPlatform().name("svc4j-watch-post-" + watch).start(this::work);
  }

  @Override
  public void onBatch(List<WatchEvent> batch) {
    int dropped = 0;
    synchronized (this) {
      if (closed) {
        return;
      }
      waiting.addLast(batch);
      while (waiting.size() > MAX_WAITING) {
        dropped += waiting.removeFirst().size();
      }
      notifyAll();
    }
    if (dropped > 0) {
      log.warn(
          "watch {}: POST {} is behind by {} batches: dropped the oldest ({} change(s))",
          watch,
          post.url(),
          MAX_WAITING,
          dropped);
    }
  }

  private void work() {
    while (true) {
      List<WatchEvent> batch;
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        batch = waiting.peekFirst();
      }
      try {
        deliver(batch);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        waiting.pollFirst();
      }
    }
  }

  /** Attempts, with backoff between them, until one works or the retries are spent. */
  private void deliver(List<WatchEvent> batch) throws InterruptedException {
    byte[] body = body(batch);
    Duration backoff = firstBackoff;
    for (int attempt = 0; ; attempt++) {
      String failure = attempt(body);
      if (failure == null) {
        return;
      }
      if (attempt >= post.retries()) {
        log.error(
            "watch {}: POST {} failed ({}); gave up on a batch of {} change(s) after {} attempt(s)",
            watch,
            post.url(),
            failure,
            batch.size(),
            attempt + 1);
        return;
      }
      log.warn(
          "watch {}: POST {} failed ({}); retry {} of {} in {}",
          watch,
          post.url(),
          failure,
          attempt + 1,
          post.retries(),
          Durations.format(backoff));
      Thread.sleep(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /** One attempt; null when it worked, else what went wrong in a few words. */
  private String attempt(byte[] body) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(post.url())
            .timeout(post.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (post.bearerTokenFile().isPresent()) {
      try {
        String token =
            Files.readString(post.bearerTokenFile().get(), StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
          return "the token in " + post.bearerTokenFile().get() + " is empty or not one word";
        }
        request.header("Authorization", "Bearer " + token);
      } catch (IOException e) {
        return "cannot read the token file " + post.bearerTokenFile().get() + ": " + e.getMessage();
      }
    }
    try {
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status / 100 == 2 ? null : "HTTP " + status;
    } catch (java.net.http.HttpTimeoutException e) {
      return "no answer within " + Durations.format(post.timeout());
    } catch (IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
    }
  }

  private byte[] body(List<WatchEvent> batch) {
    try {
      return JSON.writeValueAsBytes(
          Map.of("watch", watch, "events", batch.stream().map(WatchEventJson::of).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the batch as JSON", e);
    }
  }

  /** Stops: a delivery in progress (or waiting for a retry) is abandoned; said in one line. */
  @Override
  public void close() {
    int left;
    synchronized (this) {
      closed = true;
      left = waiting.stream().mapToInt(List::size).sum();
      notifyAll();
    }
    worker.interrupt();
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (left > 0) {
      log.warn("watch {}: stopped with {} change(s) not POSTed to {}", watch, left, post.url());
    }
  }
}
