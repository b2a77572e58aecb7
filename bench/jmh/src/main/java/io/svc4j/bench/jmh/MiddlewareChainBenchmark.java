package io.svc4j.bench.jmh;

import io.svc4j.examples.hello.HelloHttpService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code GET /api/hello} through hello-http's whole handler chain (request id and trace
 * context, JSON access log, drain tracking, pause, auth, routing, JSON body), against the same
 * request through one bare Jetty handler, both over Jetty's in-memory {@link LocalConnector} (HTTP
 * parsing and generation included, no sockets), so the difference is what the middleware costs.
 *
 * <p>Run: {@code java -jar bench/jmh/target/benchmarks.jar -prof gc} (built by {@code mvn
 * package}). {@code request} opens a connection per request; {@code keepAlive} sends every request
 * on one connection, as wrk does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dlogback.configurationFile=logback-jmh.xml", "-Xmx512m"})
public class MiddlewareChainBenchmark {

  private static final String REQUEST =
      "GET /api/hello HTTP/1.1\r\nHost: bench\r\nUser-Agent: jmh\r\n\r\n";

  @Param({"hello-http", "bare-jetty"})
  public String chain;

  private Server server;
  private LocalConnector connector;
  private LocalConnector.LocalEndPoint keptAlive;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = new Server();
    connector = new LocalConnector(server);
    server.addConnector(connector);
    server.setHandler(
        chain.equals("bare-jetty")
            ? bare()
            : HelloHttpService.fromArgs(List.of("--port", "0")).handlers());
    server.start();
    String first = connector.getResponse(REQUEST);
    if (first == null || !first.startsWith("HTTP/1.1 200")) {
      throw new IllegalStateException("the chain does not answer 200: " + first);
    }
    keptAlive = connector.connect();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    server.stop();
  }

  /** One request on a new connection: Jetty's per-connection set-up is most of what it measures. */
  @Benchmark
  public String request() throws Exception {
    return connector.getResponse(REQUEST);
  }

  /**
   * One request on a connection kept open, as wrk sends them: Jetty's per-request work only, so the
   * middleware's share stands out.
   */
  @Benchmark
  public ByteBuffer keepAlive() throws Exception {
    keptAlive.addInput(REQUEST);
    ByteBuffer response = keptAlive.waitForResponse(false, 10, TimeUnit.SECONDS);
    if (response == null) {
      throw new IllegalStateException("no response within 10 s");
    }
    return response;
  }

  private static Handler bare() {
    ByteBuffer body =
        ByteBuffer.wrap("{\"message\":\"hello, world\"}".getBytes(StandardCharsets.UTF_8));
    return new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, body.slice(), callback);
        return true;
      }
    };
  }
}
