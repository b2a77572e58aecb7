package io.svc4j.examples.hello.api;

import io.svc4j.examples.hello.http.Router;
import java.util.Map;

/**
 * {@code /healthz} (liveness: 200 while alive) and {@code /readyz} (readiness: 200 when ready, 503
 * while starting or stopping). Outside {@code /api} so that probes need no token.
 */
public final class HealthApi {
  private HealthApi() {}

  public static void register(Router router, Health health) {
    router.get(
        "/healthz",
        ex -> {
          boolean alive = health.isAlive();
          ex.sendJson(alive ? 200 : 503, Map.of("status", alive ? "alive" : "stuck"));
        });
    router.get(
        "/readyz",
        ex -> {
          boolean ready = health.isReady();
          ex.sendJson(ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready"));
        });
  }
}
