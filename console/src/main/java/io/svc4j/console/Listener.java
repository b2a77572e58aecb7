package io.svc4j.console;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLParameters;

/**
 * Opens the console's listening socket: the JDK's {@link HttpsServer} with the console's TLS
 * context when a certificate is configured (TLS 1.2 and 1.3 only), its plain {@link HttpServer}
 * otherwise. A plain HTTP request to the TLS port gets no answer, only a closed connection.
 */
final class Listener {

  private Listener() {}

  /**
   * @throws IllegalArgumentException with one line when the address cannot be bound
   */
  static HttpServer open(ConsoleOptions options, Access access) throws IOException {
    var address = new InetSocketAddress(options.bind(), options.port());
    try {
      if (access.tls().isEmpty()) {
        return HttpServer.create(address, 64);
      }
      HttpsServer server = HttpsServer.create(address, 64);
      server.setHttpsConfigurator(
          new HttpsConfigurator(access.tls().get().context()) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
              ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
              params.setSSLParameters(ssl);
            }
          });
      return server;
    } catch (java.net.BindException e) {
      throw new IllegalArgumentException(
          "cannot listen on "
              + options.bind().getHostAddress()
              + ":"
              + options.port()
              + ": "
              + e.getMessage()
              + "; choose another --port");
    }
  }
}
