package io.svc4j.examples.hello.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tracker's answer to a request that arrives after it was shut down, on a real Jetty server:
 * served with {@code Connection: close} within the drain budget, a JSON 503 after it (or when no
 * budget was given).
 */
class DrainHandlerTest {

  private Server server;
  private DrainHandler drain;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    drain =
        new DrainHandler(
            new Handler.Abstract.NonBlocking() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                Content.Sink.write(response, true, "served", callback);
                return true;
              }
            });
    server.setHandler(drain);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void aLateRequestWithinTheDrainBudgetIsServedAndEndsItsConnection() throws Exception {
    drain.serveUntil(System.nanoTime() + Duration.ofMinutes(1).toNanos());
    drain.shutdown();
    assertThat(get())
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("Connection: close")
        .endsWith("served");
  }

  @Test
  void aLateRequestAfterTheDrainBudgetGetsTheJson503() throws Exception {
    drain.serveUntil(System.nanoTime() - 1);
    drain.shutdown();
    assertThat(get())
        .startsWith("HTTP/1.1 503")
        .containsIgnoringCase("Connection: close")
        .contains("shutting down: retry on another instance")
        .doesNotContain("served");
  }

  @Test
  void withoutADrainBudgetALateRequestGetsTheJson503() throws Exception {
    drain.shutdown();
    assertThat(get()).startsWith("HTTP/1.1 503").containsIgnoringCase("Connection: close");
  }

  /** One keep-alive request: the answer must end the connection by itself. */
  private String get() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
