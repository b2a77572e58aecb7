package io.svc4j.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The throughput baseline: Jetty 12 with one handler that answers "hello" — no routing, no
 * middleware, no logging. The example's numbers divided by these show what our layers cost.
 */
public final class BareJettyHello {
  private BareJettyHello() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ByteBuffer body = ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8));
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, body.slice(), callback);
            return true;
          }
        });
    server.start();
    System.out.println("listening on " + port);
    server.join();
  }
}
