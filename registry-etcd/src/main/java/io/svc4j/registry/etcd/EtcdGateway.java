package io.svc4j.registry.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.registry.engine.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * etcd's v3 API through its JSON gateway ({@code /v3/...}, served by every etcd 3.4 member) with
 * the JDK's HttpClient: no gRPC or Netty. Calls go to one endpoint and move to the next one when it
 * does not answer, so a cluster member that dies costs one retry.
 */
final class EtcdGateway {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final List<URI> endpoints;
  private final AtomicInteger current = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final ObjectMapper json = new ObjectMapper();

  EtcdGateway(List<URI> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  ObjectNode object() {
    return json.createObjectNode();
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** One unary call, e.g. {@code call("kv/put", body)}; tries each endpoint once. */
  JsonNode call(String method, ObjectNode body) throws StoreException {
    StoreException last = null;
    for (int attempt = 0; attempt < endpoints.size(); attempt++) {
      int index = current.get();
      URI endpoint = endpoints.get(index % endpoints.size());
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(endpoint.resolve("/v3/" + method))
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(r.body());
        if (r.statusCode() != 200) {
          String message = answer.path("message").asText(answer.path("error").asText(r.body()));
          // A member without quorum or a leader answers an error: try another.
          last = new StoreException("etcd " + endpoint + " " + method + ": " + message);
          current.compareAndSet(index, index + 1);
          continue;
        }
        return answer.has("result") ? answer.get("result") : answer;
      } catch (IOException e) {
        last = new StoreException("etcd " + endpoint + " is unreachable: " + e, e);
        current.compareAndSet(index, index + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted talking to etcd", e);
      }
    }
    throw last;
  }

  /**
   * A watch from {@code startRevision}: hands each response ({@code events}, {@code header}) to
   * {@code onResponse} until it returns false or the stream breaks (an exception).
   */
  void watch(String prefix, long startRevision, Predicate<JsonNode> onResponse)
      throws IOException, InterruptedException {
    URI endpoint = endpoints.get(current.get() % endpoints.size());
    ObjectNode create = object();
    create.put("key", b64(prefix));
    create.put("range_end", b64(rangeEnd(prefix)));
    create.put("start_revision", startRevision);
    create.put("prev_kv", true);
    ObjectNode body = object();
    body.set("create_request", create);
    HttpResponse<java.io.InputStream> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve("/v3/watch"))
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      current.incrementAndGet();
      throw e;
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(line);
        if (node.has("error")) {
          throw new IOException("etcd watch: " + node.get("error"));
        }
        if (!onResponse.test(node.path("result"))) {
          return;
        }
      }
    }
    current.incrementAndGet(); // the stream ended: that member went away
    throw new IOException("etcd watch stream from " + endpoint + " ended");
  }

  /** The end of a prefix range: the prefix with its last byte plus one. */
  static String rangeEnd(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }
}
