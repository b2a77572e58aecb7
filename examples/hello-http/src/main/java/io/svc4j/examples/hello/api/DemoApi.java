package io.svc4j.examples.hello.api;

import io.svc4j.examples.hello.http.HttpError;
import io.svc4j.examples.hello.http.RequestContext;
import io.svc4j.examples.hello.http.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small endpoints that show the plumbing: a greeting, a slow answer, and the debug hang. */
public final class DemoApi {

  /** Upper bound for {@code /api/slow}: long enough for drain tests, short of a resource leak. */
  public static final long MAX_SLOW_MS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(DemoApi.class);

  private DemoApi() {}

  public static void register(Router router, Health health, boolean debugEndpoints) {
    router.get("/api/hello", ex -> ex.sendJson(200, Map.of("message", "hello, world")));
    router.get(
        "/api/hello/{name}",
        ex -> {
          String name = ex.pathParam("name");
          log.info("greeting {}", name);
          ex.sendJson(200, Map.of("message", "hello, " + name));
        });

    router.get(
        "/api/slow",
        ex -> {
          long ms = parseMillis(ex.queryParam("ms").orElse("1000"));
          // Waiting without I/O is the point here: a wait longer than the connector's idle
          // timeout (30 s) must not cut the request off.
          ex.request().addIdleTimeoutListener(timeout -> false);
          RequestContext rc = ex.context();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("slept_ms", ms);
          body.put("request_id", rc.requestId());
          // A timer, not a sleeping thread: hundreds of concurrent slow requests must not exhaust
          // the thread pool.
          ex.request()
              .getComponents()
              .getScheduler()
              .schedule(
                  () -> rc.runWithMdc(() -> ex.sendJson(200, body)), ms, TimeUnit.MILLISECONDS);
        });

    if (debugEndpoints) {
      router.post(
          "/api/debug/hang",
          ex -> {
            log.warn("debug hang requested: isAlive() returns false from now on");
            health.hang();
            ex.sendJson(202, Map.of("status", "hung: liveness now fails"));
          });
    }
  }

  private static long parseMillis(String text) {
    long ms;
    try {
      ms = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "ms must be a whole number of milliseconds, got '" + text + "'");
    }
    if (ms < 0 || ms > MAX_SLOW_MS) {
      throw new HttpError(400, "ms must be between 0 and " + MAX_SLOW_MS + ", got " + ms);
    }
    return ms;
  }
}
