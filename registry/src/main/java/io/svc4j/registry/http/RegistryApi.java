package io.svc4j.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.svc4j.registry.api.ApiError;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Names;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.engine.RegistryMetrics;
import io.svc4j.registry.engine.Store;
import io.svc4j.registry.engine.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's HTTP/JSON API (Jetty core handler, blocking on virtual threads):
 *
 * <pre>
 * PUT    /v1/services/{service}/instances/{id}            register or update (Registration)
 * PUT    /v1/services/{service}/instances/{id}/heartbeat  renew (Heartbeat); 404: register again
 * DELETE /v1/services/{service}/instances/{id}            deregister
 * GET    /v1/services/{service}/instances/{id}            one instance
 * GET    /v1/services                                     services with counts by status
 * GET    /v1/services/{service}[?status=UP][&amp;index=N&amp;wait=30s]  instances; blocking query
 * GET    /v1/events[?service=S]                           server-sent events of changes
 * GET    /healthz  /readyz  /metrics
 * </pre>
 */
public final class RegistryApi extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(RegistryApi.class);

  private final Store store;
  private final Access access;
  private final RegistryMetrics metrics;
  private final PrometheusMeterRegistry prometheus;
  private final EventStream events;
  private final ObjectMapper json = Wire.mapper();
  private volatile boolean ready;

  public RegistryApi(
      Store store, Access access, RegistryMetrics metrics, PrometheusMeterRegistry prometheus) {
    super(InvocationType.BLOCKING);
    this.store = store;
    this.access = access;
    this.metrics = metrics;
    this.prometheus = prometheus;
    this.events = new EventStream(store.changes(), metrics);
  }

  /** Readiness for /readyz: false once a stop began, so that load balancers stop sending. */
  public void ready(boolean ready) {
    this.ready = ready;
  }

  /** Ends event streams (they would otherwise hold the stop until their clients leave). */
  public void closeStreams() {
    events.close();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      route(request, response, callback);
    } catch (BadRequest e) {
      error(response, callback, e.status, e.getMessage());
    } catch (StoreException e) {
      error(response, callback, 503, "registry store unavailable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(response, callback, 503, "registry is stopping");
    } catch (Exception e) {
      log.error(
          "{} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString(), e);
      error(response, callback, 500, "internal error: " + e.getClass().getSimpleName());
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    String method = request.getMethod();
    List<String> p = segments(path);
    switch (p.size()) {
      case 1 -> {
        switch (p.get(0)) {
          case "healthz" -> {
            requireMethod(method, "GET");
            send(response, callback, 200, Map.of("status", "ok"));
            return;
          }
          case "readyz" -> {
            requireMethod(method, "GET");
            boolean ok = ready && store.ready();
            send(response, callback, ok ? 200 : 503, Map.of("status", ok ? "ready" : "not ready"));
            return;
          }
          case "metrics" -> {
            requireMethod(method, "GET");
            authorize(request, false);
            metrics.refresh(this::servicesQuietly);
            response.setStatus(200);
            response
                .getHeaders()
                .put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.write(
                true,
                ByteBuffer.wrap(prometheus.scrape().getBytes(StandardCharsets.UTF_8)),
                callback);
            return;
          }
          default -> throw notFound(path);
        }
      }
      case 2 -> {
        requireV1(p);
        if (p.get(1).equals("services")) {
          requireMethod(method, "GET");
          authorize(request, false);
          serviceList(response, callback);
          return;
        }
        if (p.get(1).equals("events")) {
          requireMethod(method, "GET");
          authorize(request, false);
          Fields q = query(request, "service", "after");
          String named = q.getValue("service");
          Optional<String> service =
              named == null ? Optional.empty() : Optional.of(name("service", named));
          long after =
              parseIndex(
                  Optional.ofNullable(q.getValue("after"))
                      .orElse(request.getHeaders().get("Last-Event-ID")));
          events.stream(request, response, callback, service, after);
          return;
        }
        throw notFound(path);
      }
      case 3 -> {
        requireV1(p);
        requireServices(p, path);
        String service = name("service", p.get(2));
        requireMethod(method, "GET");
        authorize(request, false);
        serviceInstances(request, response, callback, service);
        return;
      }
      case 5, 6 -> {
        requireV1(p);
        requireServices(p, path);
        if (!p.get(3).equals("instances") || (p.size() == 6 && !p.get(5).equals("heartbeat"))) {
          throw notFound(path);
        }
        String service = name("service", p.get(2));
        String id = name("instance id", p.get(4));
        if (p.size() == 6) {
          requireMethod(method, "PUT");
          authorize(request, true);
          Heartbeat beat = valid(body(request, Heartbeat.class)::validate);
          Optional<Instance> renewed = store.heartbeat(service, id, beat);
          if (renewed.isEmpty()) {
            throw new BadRequest(
                404,
                "instance "
                    + service
                    + "/"
                    + id
                    + " is not registered: register it again (PUT /v1/services/"
                    + service
                    + "/instances/"
                    + id
                    + ")");
          }
          send(response, callback, 200, renewed.get());
          return;
        }
        switch (method) {
          case "PUT" -> {
            authorize(request, true);
            Registration r = valid(body(request, Registration.class)::validate);
            send(response, callback, 200, store.register(service, id, r));
          }
          case "DELETE" -> {
            authorize(request, true);
            Optional<Instance> gone = store.deregister(service, id);
            if (gone.isEmpty()) {
              throw new BadRequest(404, "instance " + service + "/" + id + " is not registered");
            }
            send(response, callback, 200, gone.get());
          }
          case "GET" -> {
            authorize(request, false);
            Optional<Instance> one = store.instance(service, id);
            if (one.isEmpty()) {
              throw new BadRequest(404, "instance " + service + "/" + id + " is not registered");
            }
            send(response, callback, 200, one.get());
          }
          default ->
              throw new BadRequest(
                  405, "method " + method + " is not allowed here: use PUT, GET or DELETE");
        }
        return;
      }
      default -> throw notFound(path);
    }
  }

  private void serviceList(Response response, Callback callback) throws Exception {
    var list = store.services();
    response.getHeaders().put(Wire.INDEX_HEADER, Long.toString(list.index()));
    send(response, callback, 200, list);
  }

  private io.svc4j.registry.api.ServiceList servicesQuietly() {
    try {
      return store.services();
    } catch (StoreException e) {
      return new io.svc4j.registry.api.ServiceList(0, List.of());
    }
  }

  private void serviceInstances(
      Request request, Response response, Callback callback, String service) throws Exception {
    Fields q = query(request, "status", "index", "wait");
    String status = q.getValue("status");
    if (status != null && !status.matches("[A-Z][A-Z_]{0,31}")) {
      throw new BadRequest(
          "status=" + status + " is invalid: use UP, DRAINING, DOWN or another upper-case word");
    }
    String indexParam = q.getValue("index");
    if (indexParam != null) {
      long seen = parseIndex(indexParam);
      Duration wait = WaitParam.parse(q.getValue("wait"));
      try (var watching = metrics.watching(false)) {
        store.changes().awaitChange(service, seen, wait);
      }
    } else if (q.getValue("wait") != null) {
      throw new BadRequest(
          "wait needs index: pass ?index=N (the "
              + Wire.INDEX_HEADER
              + " of the last answer)&wait=30s");
    }
    ServiceInstances all = store.instances(service);
    List<io.svc4j.registry.api.Instance> shown =
        status == null
            ? all.instances()
            : all.instances().stream().filter(i -> i.status().equals(status)).toList();
    response.getHeaders().put(Wire.INDEX_HEADER, Long.toString(all.index()));
    send(response, callback, 200, new ServiceInstances(service, all.index(), shown));
  }

  private static long parseIndex(String text) throws BadRequest {
    if (text == null) {
      return 0;
    }
    try {
      long v = Long.parseLong(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "index "
              + io.svc4j.registry.api.Printable.quote(text)
              + " is invalid: use a whole number >= 0");
    }
  }

  private static Fields query(Request request, String... allowed) throws BadRequest {
    Fields fields;
    try {
      fields = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw new BadRequest("query string is malformed: " + e.getMessage());
    }
    for (String name : fields.getNames()) {
      if (!List.of(allowed).contains(name)) {
        throw new BadRequest(
            "unknown query parameter "
                + io.svc4j.registry.api.Printable.quote(name)
                + ": allowed are "
                + String.join(", ", allowed));
      }
      if (fields.getValues(name).size() > 1) {
        throw new BadRequest("query parameter " + name + " is given more than once");
      }
    }
    return fields;
  }

  private static List<String> segments(String path) throws BadRequest {
    if (path == null || !path.startsWith("/")) {
      throw new BadRequest("path is invalid");
    }
    String trimmed = path.substring(1);
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }

  private static void requireV1(List<String> p) throws BadRequest {
    if (!p.get(0).equals("v1")) {
      throw new BadRequest(
          404,
          "no such API version "
              + io.svc4j.registry.api.Printable.quote(p.get(0))
              + ": the registry serves /v1");
    }
  }

  private static void requireServices(List<String> p, String path) throws BadRequest {
    if (!p.get(1).equals("services")) {
      throw notFound(path);
    }
  }

  private static BadRequest notFound(String path) {
    return new BadRequest(
        404,
        "no such endpoint "
            + io.svc4j.registry.api.Printable.quote(path)
            + ": see GET /v1/services");
  }

  private static void requireMethod(String method, String allowed) throws BadRequest {
    if (!method.equals(allowed)) {
      throw new BadRequest(405, "method " + method + " is not allowed here: use " + allowed);
    }
  }

  private static String name(String what, String value) throws BadRequest {
    try {
      return Names.require(what, value);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private void authorize(Request request, boolean write) throws BadRequest {
    String problem = access.check(write, request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (problem != null) {
      throw new BadRequest(401, problem);
    }
  }

  private <T> T body(Request request, Class<T> type) throws BadRequest, IOException {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new BadRequest("body must be JSON: send Content-Type: application/json");
    }
    long declared = request.getLength();
    if (declared > Wire.MAX_BODY_BYTES) {
      throw new BadRequest(
          "body of " + declared + " bytes is too large: at most " + Wire.MAX_BODY_BYTES);
    }
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(Wire.MAX_BODY_BYTES + 1);
    }
    if (bytes.length > Wire.MAX_BODY_BYTES) {
      throw new BadRequest("body is too large: at most " + Wire.MAX_BODY_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      return json.readValue("{}", type);
    }
    try {
      T value = json.readValue(bytes, type);
      if (value == null) {
        throw new BadRequest("body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new BadRequest(
          "unknown field "
              + io.svc4j.registry.api.Printable.quote(e.getPropertyName())
              + ": allowed are "
              + e.getKnownPropertyIds());
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().isEmpty()
              ? "body"
              : "field " + e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw new BadRequest(field + " has the wrong type: " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new BadRequest("body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(firstLine(e.getMessage()));
    }
  }

  /** Runs a body's validation, turning its one-line complaint into a 400. */
  private static <T> T valid(java.util.function.Supplier<T> validation) throws BadRequest {
    try {
      return validation.get();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private void send(Response response, Callback callback, int status, Object body)
      throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true, ByteBuffer.wrap(JsonErrorHandler.append(json.writeValueAsBytes(body))), callback);
  }

  private void error(Response response, Callback callback, int status, String message) {
    try {
      send(response, callback, status, new ApiError(message));
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  static boolean isGet(Request request) {
    return HttpMethod.GET.is(request.getMethod());
  }
}
