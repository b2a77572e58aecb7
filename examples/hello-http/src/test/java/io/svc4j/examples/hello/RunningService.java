package io.svc4j.examples.hello;

import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.Outcome;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real service on an ephemeral port, hosted by the real controller, for one test. */
final class RunningService implements AutoCloseable {

  final HelloHttpService service;
  final ServiceController controller;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private RunningService(HelloHttpService service, Duration stopDeadline) {
    this.service = service;
    this.controller =
        new ServiceController(
            service, HostOptions.named("hello-test").withStopDeadline(stopDeadline));
  }

  static RunningService start(String... args) {
    return start(Duration.ofSeconds(30), args);
  }

  static RunningService start(Duration stopDeadline, String... args) {
    List<String> all = new ArrayList<>(List.of("--port", "0"));
    all.addAll(List.of(args));
    RunningService running = new RunningService(HelloHttpService.fromArgs(all), stopDeadline);
    running.controller.start();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> running.controller.state() != ServiceState.STARTING);
    if (running.controller.state() != ServiceState.RUNNING) {
      throw new IllegalStateException("service did not start: " + running.controller.state());
    }
    return running;
  }

  URI uri(String pathAndQuery) {
    return URI.create(service.baseUri() + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  Outcome stop() throws InterruptedException {
    controller.requestStop();
    return controller.awaitTermination();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the service", e);
    } finally {
      client.close();
    }
  }
}
