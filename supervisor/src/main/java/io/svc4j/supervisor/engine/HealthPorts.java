package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.SupervisorConfig;

/** The local port the health check probes, which a leftover of a previous instance may hold. */
final class HealthPorts {

  private HealthPorts() {}

  /** The port, or 0 when the check is not a TCP/HTTP probe of this machine. */
  static int localPort(SupervisorConfig config) {
    if (config.healthCheck() == null) {
      return 0;
    }
    return switch (config.healthCheck().probe()) {
      case HealthProbe.Tcp tcp -> isLocal(tcp.host()) ? tcp.port() : 0;
      case HealthProbe.Http http -> {
        int port =
            http.url().getPort() > 0
                ? http.url().getPort()
                : "https".equals(http.url().getScheme()) ? 443 : 80;
        yield isLocal(http.url().getHost()) ? port : 0;
      }
      case HealthProbe.Command command -> 0;
    };
  }

  private static boolean isLocal(String host) {
    return host == null
        || host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.equals("0.0.0.0");
  }
}
