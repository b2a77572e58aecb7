package io.svc4j.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * {@code GET /metrics} on a socket of its own, served by the JDK's built-in HTTP server: no web
 * framework is loaded into a process (a supervisor, a small service) only to be scraped. Anything
 * but GET or HEAD on {@code /metrics} is answered 404/405.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code scrape} (given the request's Accept header, returns the body in the format {@link
   * PrometheusMetrics#contentType} names) at {@code address}.
   *
   * @throws IllegalArgumentException with one line when the address cannot be bound
   */
  public static MetricsEndpoint serve(InetSocketAddress address, Function<String, String> scrape) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (BindException e) {
      throw new IllegalArgumentException(
          "cannot serve metrics on "
              + describe(address)
              + ": "
              + e.getMessage()
              + " (is another process using the port? choose another metrics port)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot serve metrics on " + describe(address) + ": " + e.getMessage());
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-metrics-http").factory());
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, scrape);
          }
        });
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  private static void handle(HttpExchange exchange, Function<String, String> scrape)
      throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/metrics")) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics\n", true);
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", true);
      return;
    }
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String body;
    try {
      body = scrape.apply(accept);
    } catch (RuntimeException e) {
      send(exchange, 500, "text/plain; charset=utf-8", "scrape failed: " + e + "\n", true);
      return;
    }
    send(exchange, 200, PrometheusMetrics.contentType(accept), body, method.equals("GET"));
  }

  private static void send(
      HttpExchange exchange, int status, String type, String body, boolean withBody)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, withBody ? bytes.length : -1);
    if (withBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String describe(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
