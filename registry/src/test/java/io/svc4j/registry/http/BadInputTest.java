package io.svc4j.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.RegistryService;
import io.svc4j.registry.testing.RunningRegistry;
import io.svc4j.registry.testing.TestContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks on the API: each class of bad input, and writes without or with a wrong token, must get
 * the right status and exactly one line of JSON that names the problem, and change nothing.
 */
class BadInputTest {

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestContext ctx = new TestContext();
  private RunningRegistry registry;
  private URI base;
  private String token;

  @BeforeEach
  void start() throws Exception {
    Path tokenFile = dir.resolve("sub/registry.token");
    registry = RunningRegistry.start(RegistryServerOptions.loopback(0).withTokenFile(tokenFile));
    base = URI.create(registry.url() + "/");
    token = Files.readString(tokenFile).strip();
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
  }

  HttpResponse<String> call(String method, String path, String body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void oneLineError(HttpResponse<String> r, int status, String mentions) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body().strip())
        .doesNotContain("\n")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    JsonNode json = Wire.mapper().readTree(r.body());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.get("error").asText()).containsIgnoringCase(mentions);
  }

  static Stream<Arguments> badRegistrations() {
    return Stream.of(
        Arguments.of(
            "v1/services/api/instances/a", "{\"ttlSecond\":30}", "unknown field \"ttlSecond\""),
        Arguments.of(
            "v1/services/api/instances/a", "{\"port\":\"8080\"}", "field port has the wrong type"),
        Arguments.of(
            "v1/services/api/instances/a", "{\"port\":80.5}", "field port has the wrong type"),
        Arguments.of("v1/services/api/instances/a", "{\"metadata\":{\"k\":1}}", "wrong type"),
        Arguments.of(
            "v1/services/api/instances/a", "{\"ttlSeconds\":0}", "ttlSeconds 0 is out of range"),
        Arguments.of(
            "v1/services/api/instances/a", "{\"ttlSeconds\":999999}", "out of range 1-3600"),
        Arguments.of(
            "v1/services/api/instances/a",
            "{\"ttlSeconds\":10,\"heartbeatSeconds\":11}",
            "heartbeatSeconds 11"),
        Arguments.of("v1/services/api/instances/a", "{\"port\":70000}", "port 70000"),
        Arguments.of("v1/services/api/instances/a", "{\"address\":\"a b\"}", "address"),
        Arguments.of(
            "v1/services/api/instances/a",
            "{\"metadata\":{\"k\":\"x\\ny\"}}",
            "control characters"),
        Arguments.of("v1/services/api/instances/a", "{not json", "not valid JSON"),
        Arguments.of("v1/services/api/instances/a", "[1,2]", "wrong type"),
        Arguments.of("v1/services/api/instances/a", "{} {}", "trailing token"),
        Arguments.of(
            "v1/services/api/instances/a/heartbeat",
            "{\"status\":\"up\"}",
            "status \"up\" is invalid"),
        Arguments.of(
            "v1/services/api/instances/a/heartbeat", "{\"cpu\":1.5}", "cpu 1.5 is out of range"),
        Arguments.of("v1/services/api/instances/a/heartbeat", "{\"rssBytes\":-1}", "rssBytes -1"),
        Arguments.of(
            "v1/services/api/instances/a/heartbeat",
            "{\"text\":\"two\\nlines\"}",
            "text is invalid"),
        Arguments.of("v1/services/a%20b/instances/a", "{}", "service \"a b\" is invalid"),
        Arguments.of("v1/services/api/instances/%01x", "{}", "bad request"),
        Arguments.of("v1/services/" + "s".repeat(129) + "/instances/a", "{}", "is invalid"));
  }

  @ParameterizedTest
  @MethodSource("badRegistrations")
  void badBodiesAndNamesAreOneLine400s(String path, String body, String mentions) throws Exception {
    if (path.endsWith("/heartbeat")) {
      call("PUT", "v1/services/api/instances/a", "{}", "Bearer " + token);
    }
    oneLineError(call("PUT", path, body, "Bearer " + token), 400, mentions);
    if (!path.endsWith("/heartbeat")) {
      assertThat(call("GET", "v1/services", null, "Bearer " + token).body())
          .doesNotContain("\"name\":\"api\"");
    }
  }

  @Test
  void oversizedBodyIsRejected() throws Exception {
    String big = "{\"address\":\"" + "a".repeat(Wire.MAX_BODY_BYTES) + "\"}";
    oneLineError(
        call("PUT", "v1/services/api/instances/a", big, "Bearer " + token), 400, "too large");
  }

  @Test
  void wrongContentTypeAndQueryParametersAreRejected() throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(base.resolve("v1/services/api/instances/a"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    oneLineError(r, 400, "Content-Type: application/json");
    oneLineError(call("GET", "v1/services/api?index=-1", null, "Bearer " + token), 400, "index");
    oneLineError(
        call("GET", "v1/services/api?index=1&wait=forever", null, "Bearer " + token),
        400,
        "wait=forever");
    oneLineError(
        call("GET", "v1/services/api?index=1&wait=10m", null, "Bearer " + token),
        400,
        "at most 5m");
    oneLineError(
        call("GET", "v1/services/api?stauts=UP", null, "Bearer " + token),
        400,
        "unknown query parameter");
    oneLineError(
        call("GET", "v1/services/api?status=up", null, "Bearer " + token), 400, "status=up");
    oneLineError(
        call("POST", "v1/services/api/instances/a", "{}", "Bearer " + token), 405, "use PUT");
    oneLineError(call("GET", "v2/services", null, "Bearer " + token), 404, "/v1");
    oneLineError(call("GET", "nope", null, "Bearer " + token), 404, "no such endpoint");
  }

  @Test
  void encodedSlashInANameIsAOneLineJsonError() throws Exception {
    // Jetty rejects the ambiguous %2F itself; its answer must still be our one-line JSON.
    try (Socket s = new Socket("127.0.0.1", registry.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PUT /v1/services/a%2Fb/instances/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4).strip();
      assertThat(Wire.mapper().readTree(body).get("error").asText()).startsWith("bad request");
      assertThat(body).doesNotContain("\n").doesNotContain("<html");
    }
  }

  @Test
  void writesNeedTheTokenAndReadsToo() throws Exception {
    oneLineError(
        call("PUT", "v1/services/api/instances/a", "{}", null), 401, "missing bearer token");
    oneLineError(
        call("PUT", "v1/services/api/instances/a", "{}", "Bearer wrong"),
        401,
        "wrong bearer token");
    oneLineError(call("PUT", "v1/services/api/instances/a", "{}", "Basic " + token), 401, "scheme");
    oneLineError(
        call("DELETE", "v1/services/api/instances/a", null, "Bearer " + token + "x"),
        401,
        "wrong bearer token");
    oneLineError(call("GET", "v1/services", null, null), 401, "missing bearer token");
    oneLineError(call("GET", "metrics", null, null), 401, "missing bearer token");
    assertThat(call("GET", "healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(call("PUT", "v1/services/api/instances/a", "{}", "Bearer " + token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenFileIsCreatedOwnerOnlyAndALooseOneIsRefused() throws Exception {
    Path file = dir.resolve("sub/registry.token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(token).hasSizeGreaterThanOrEqualTo(40);

    Path loose = dir.resolve("loose.token");
    Files.writeString(loose, "0123456789abcdef0123456789\n");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
    RegistryService other =
        new RegistryService(RegistryServerOptions.loopback(0).withTokenFile(loose));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.start(ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessible by group or others")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aNonLoopbackBindWithoutTokenFileIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new RegistryServerOptions(
                    java.net.InetAddress.getByName("0.0.0.0"),
                    0,
                    RegistryServerOptions.StoreKind.memory,
                    java.util.List.of(),
                    "/",
                    java.util.Optional.empty(),
                    false,
                    0))
        .hasMessageContaining("not loopback: writes need a token");
  }
}
