package io.svc4j.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.registry.api.ApiError;
import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Names;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.ServiceList;
import io.svc4j.registry.api.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Talks to a registry over its HTTP API with the JDK's HttpClient: registering, heartbeats and
 * discovery. Thread-safe; one instance per registry is enough.
 */
public final class RegistryClient implements AutoCloseable {

  /** How a heartbeat was received. */
  public enum Beat {
    /** The lease was renewed. */
    ACCEPTED,
    /** The registry does not know the instance (evicted, or the registry restarted): register. */
    UNKNOWN
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final URI base;
  private final Optional<String> token;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = Wire.mapper();

  public RegistryClient(URI base, Optional<String> token, Duration requestTimeout) {
    this.base = normalise(base);
    this.token = Objects.requireNonNull(token, "token");
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Closes its connections at once: a call in progress (an event stream too) ends with a {@link
   * RegistryException}, and the HTTP client's own thread ends. The client is not usable after.
   */
  @Override
  public void close() {
    http.shutdownNow();
  }

  public static RegistryClient of(URI base) {
    return new RegistryClient(base, Optional.empty(), Duration.ofSeconds(5));
  }

  private static URI normalise(URI base) {
    String scheme = base.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "registry URL " + base + " is invalid: use http://HOST:PORT or https://HOST:PORT");
    }
    String s = base.toString();
    return URI.create(s.endsWith("/") ? s : s + "/");
  }

  public URI base() {
    return base;
  }

  /** Registers (or updates) an instance; its lease starts now. */
  public Instance register(String service, String id, Registration registration)
      throws RegistryException {
    registration.validate();
    HttpResponse<String> r = send(put(instancePath(service, id), registration), requestTimeout);
    expect(r, 200);
    return read(r, Instance.class);
  }

  /** Renews the lease and reports status and figures. */
  public Beat heartbeat(String service, String id, Heartbeat heartbeat) throws RegistryException {
    heartbeat.validate();
    HttpResponse<String> r =
        send(put(instancePath(service, id) + "/heartbeat", heartbeat), requestTimeout);
    if (r.statusCode() == 404) {
      return Beat.UNKNOWN;
    }
    expect(r, 200);
    return Beat.ACCEPTED;
  }

  /** Removes an instance; false when the registry did not know it. */
  public boolean deregister(String service, String id) throws RegistryException {
    return deregister(service, id, requestTimeout);
  }

  public boolean deregister(String service, String id, Duration timeout) throws RegistryException {
    HttpResponse<String> r = send(request(instancePath(service, id)).DELETE().build(), timeout);
    if (r.statusCode() == 404) {
      return false;
    }
    expect(r, 200);
    return true;
  }

  /** Every service with its instance counts. */
  public ServiceList services() throws RegistryException {
    HttpResponse<String> r = send(request("v1/services").GET().build(), requestTimeout);
    expect(r, 200);
    return read(r, ServiceList.class);
  }

  /** The instances of a service (none when the registry does not know the service). */
  public ServiceInstances instances(String service) throws RegistryException {
    return instances(service, Optional.empty());
  }

  /** The instances of a service that have {@code status}, when given. */
  public ServiceInstances instances(String service, Optional<String> status)
      throws RegistryException {
    String path =
        "v1/services/"
            + Names.require("service", service)
            + status.map(s -> "?status=" + s).orElse("");
    HttpResponse<String> r = send(request(path).GET().build(), requestTimeout);
    expect(r, 200);
    return read(r, ServiceInstances.class);
  }

  /**
   * A blocking query: returns once the service's index is past {@code index}, or after {@code wait}
   * with the same index.
   */
  public ServiceInstances await(String service, long index, Duration wait)
      throws RegistryException {
    String path =
        "v1/services/"
            + Names.require("service", service)
            + "?index="
            + index
            + "&wait="
            + Math.max(1, wait.toMillis())
            + "ms";
    HttpResponse<String> r = send(request(path).GET().build(), wait.plus(requestTimeout));
    expect(r, 200);
    return read(r, ServiceInstances.class);
  }

  /**
   * Delivers the service's instances now and after every change, on a daemon thread, until the
   * returned watch is closed. Resumes from the last index after the registry was unreachable.
   */
  public Watch watch(String service, Consumer<ServiceInstances> onChange) {
    Names.require("service", service);
    return Watch.start(this, service, onChange);
  }

  /**
   * Reads the registry's event stream (server-sent events) and hands every change to {@code
   * onChange} until the stream ends or {@code onChange} returns false. Starts after index {@code
   * after} (0: from now). Returns the index of the last change delivered; a {@code reset} from the
   * server (changes no longer kept) is delivered as a null.
   */
  public long streamEvents(
      Optional<String> service, long after, java.util.function.Predicate<Change> onChange)
      throws RegistryException {
    String path =
        "v1/events" + service.map(s -> "?service=" + Names.require("service", s)).orElse("");
    HttpRequest.Builder b = request(path).GET();
    if (after > 0) {
      b.header("Last-Event-ID", Long.toString(after));
    }
    HttpResponse<java.io.InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RegistryException(
          "registry " + base + " is unreachable: " + e.getClass().getSimpleName() + orEmpty(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while calling registry " + base, e);
    }
    long last = after;
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      if (r.statusCode() != 200) {
        expect(
            new StringResponse(r, in.lines().collect(java.util.stream.Collectors.joining("\n"))),
            200);
      }
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) {
          if ("reset".equals(event)) {
            if (!onChange.test(null)) {
              return last;
            }
          } else if (event != null && data.length() > 0) {
            Change c = json.readValue(data.toString(), Change.class);
            last = c.index();
            if (!onChange.test(c)) {
              return last;
            }
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      throw new RegistryException(
          "event stream from " + base + " broke: " + e.getClass().getSimpleName() + orEmpty(e), e);
    }
    return last;
  }

  /** A streamed error response read into a string, for {@link #expect}. */
  private record StringResponse(HttpResponse<?> original, String body)
      implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return original.statusCode();
    }

    @Override
    public HttpRequest request() {
      return original.request();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return original.headers();
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return original.uri();
    }

    @Override
    public HttpClient.Version version() {
      return original.version();
    }
  }

  private String instancePath(String service, String id) {
    return "v1/services/"
        + Names.require("service", service)
        + "/instances/"
        + Names.require("instance id", id);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private HttpRequest put(String path, Object body) {
    try {
      return request(path)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body, e);
    }
  }

  private HttpResponse<String> send(HttpRequest request, Duration timeout)
      throws RegistryException {
    HttpRequest timed = HttpRequest.newBuilder(request, (n, v) -> true).timeout(timeout).build();
    try {
      return http.send(timed, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryException(
          "registry " + base + " is unreachable: " + e.getClass().getSimpleName() + orEmpty(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while calling registry " + base, e);
    }
  }

  private static String orEmpty(Exception e) {
    return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
  }

  private void expect(HttpResponse<String> r, int status) throws RegistryException {
    if (r.statusCode() == status) {
      return;
    }
    String message;
    try {
      message = json.readValue(r.body(), ApiError.class).error();
    } catch (IOException | RuntimeException e) {
      message = "HTTP " + r.statusCode();
    }
    throw new RegistryException(
        r.statusCode(), "registry " + base + " answered " + r.statusCode() + ": " + message);
  }

  private <T> T read(HttpResponse<String> r, Class<T> type) throws RegistryException {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new RegistryException(
          r.statusCode(),
          "registry "
              + base
              + " sent an unreadable "
              + type.getSimpleName()
              + ": "
              + e.getMessage());
    }
  }
}
