package io.svc4j.registry.testing;

import static org.awaitility.Awaitility.await;

import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.RegistryService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real registry in the test's JVM on a real socket, started and ready: the one fixture every
 * module's registry tests share (this module's test-jar). {@code close()} stops it gracefully.
 *
 * <pre>
 * try (var registry = RunningRegistry.loopback()) {
 *   ... registry.url() ... registry.client().instances("api") ...
 * }
 * </pre>
 */
public final class RunningRegistry implements AutoCloseable {

  private final RegistryService service;
  private final TestContext context = new TestContext();

  private RunningRegistry(RegistryService service) {
    this.service = service;
  }

  /** An in-memory registry on 127.0.0.1 and a free port, without a token. */
  public static RunningRegistry loopback() throws Exception {
    return start(RegistryServerOptions.loopback(0));
  }

  /** A registry with {@code options}; returns once {@code /readyz} answers 200. */
  public static RunningRegistry start(RegistryServerOptions options) throws Exception {
    RunningRegistry r = new RunningRegistry(new RegistryService(options));
    r.service.start(r.context);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(r.url().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return r;
  }

  public int port() {
    return service.port();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** A client without a token. */
  public RegistryClient client() {
    return RegistryClient.of(url());
  }

  /** The registry's last status line (what systemd would show). */
  public String status() {
    return context.status;
  }

  @Override
  public void close() {
    try {
      service.stop(context);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the registry did not stop: " + e, e);
    }
  }
}
