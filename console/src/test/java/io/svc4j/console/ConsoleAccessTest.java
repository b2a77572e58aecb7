package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on the console's access rules over real sockets: TLS with a certificate made by keytool,
 * users with PBKDF2 hashes, the login throttle, the viewer role, the allow-list and the key file's
 * permissions. The client is the JDK's HttpClient trusting only the test's certificate.
 */
class ConsoleAccessTest {

  private static final String ALICE_PASSWORD = "alice-correct-horse-1";
  private static final String BOB_PASSWORD = "bob-battery-staple-22";

  @TempDir static Path certificates;
  private static SelfSigned cert;

  @TempDir Path tmp;
  private Supervisor supervisor;
  private ConsoleServer console;
  private Path users;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void makeACertificate() throws Exception {
    cert =
        SelfSigned.create(
            certificates, "console", "EC", "dns:localhost,dns:console.test,ip:127.0.0.1");
  }

  @BeforeEach
  void setUp() throws Exception {
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("web", List.of("sh", "-c", "while true; do sleep 1; done"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)));
    users = tmp.resolve("users");
    Files.writeString(
        users,
        "# the console's users\n"
            + "alice:operator:"
            + hash(ALICE_PASSWORD)
            + "\n\nbob:viewer:"
            + hash(BOB_PASSWORD)
            + "\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT");
    root.detachAppender(logs);
    if (console != null) {
      console.close();
    }
    supervisor.close();
  }

  private static String hash(String password) {
    return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS).encode();
  }

  private void start(InetAddress bind, List<AddressRange> allow) throws IOException {
    var options =
        new ConsoleOptions(
            bind,
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.of(users),
            Optional.of(cert.files()),
            allow);
    console = ConsoleServer.start(options, ConsoleFixture.source(tmp.resolve("run")));
  }

  private void start() throws IOException {
    start(InetAddress.getLoopbackAddress(), List.of());
  }

  private HttpClient client() {
    return HttpClient.newBuilder().sslContext(cert.trust()).build();
  }

  private URI https(String path) {
    return URI.create("https://127.0.0.1:" + console.port() + path);
  }

  private HttpResponse<String> login(String user, String password) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(https("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in and returns the session cookie and the page's CSRF token. */
  private String[] session(String user, String password) throws Exception {
    var login = login(user, password);
    assertThat(login.statusCode()).isEqualTo(303);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Secure");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    var page =
        client()
            .send(
                HttpRequest.newBuilder(https("/")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher csrf = Pattern.compile("name=\"csrf\" content=\"([0-9a-f]+)\"").matcher(page.body());
    assertThat(csrf.find()).isTrue();
    return new String[] {cookie, csrf.group(1)};
  }

  private HttpResponse<String> restart(String[] session) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(https("/api/services/web/restart"))
                .header("Cookie", session[0])
                .header("X-CSRF-Token", session[1])
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private List<String> logLines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void servesHttpsWithTheConfiguredCertificateAndAnOperatorUserActs() throws Exception {
    start();
    var page =
        client()
            .send(HttpRequest.newBuilder(https("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"user\"", "id=\"password\"");
    assertThat(page.sslSession()).isPresent();
    assertThat(page.sslSession().get().getPeerCertificates()[0])
        .isEqualTo(
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(cert.certificate())));

    // A client that does not trust the certificate cannot talk to it: it is real TLS.
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(https("/")).build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);

    long pid = supervisor.status().pid();
    var answer = restart(session("alice", ALICE_PASSWORD));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(supervisor.status().pid()).isNotEqualTo(pid);
    assertThat(logLines())
        .contains(
            "console login as alice (operator) from 127.0.0.1",
            "console: restart web by alice (operator) from 127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "Ed25519"})
  void rsaAndEdDsaCertificatesServeToo(String algorithm) throws Exception {
    SelfSigned other = SelfSigned.create(tmp, algorithm, algorithm, "dns:localhost,ip:127.0.0.1");
    console =
        ConsoleServer.start(
            new ConsoleOptions(
                InetAddress.getLoopbackAddress(),
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.of(users),
                Optional.of(other.files()),
                List.of()),
            ConsoleFixture.source(tmp.resolve("run")));
    var page =
        HttpClient.newBuilder()
            .sslContext(other.trust())
            .build()
            .send(HttpRequest.newBuilder(https("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(
            page.sslSession().orElseThrow().getPeerCertificates()[0].getPublicKey().getAlgorithm())
        .isIn(algorithm, "EdDSA");
  }

  @Test
  void plainHttpToTheTlsPortGetsNoHttpAnswer() throws Exception {
    start();
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + console.port() + "/"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), console.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + console.port() + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] answer = socket.getInputStream().readAllBytes();
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled() throws Exception {
    start();
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      var wrong = login("alice", "not-alices-password-" + i);
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(wrong.body()).contains("wrong user or password");
    }
    // Now even the right password is refused for a while: guessing is slowed down.
    var blocked = login("alice", ALICE_PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(blocked.headers().firstValue("Set-Cookie")).isEmpty();
    // An unknown user costs as much and is refused the same way; the name is not logged.
    assertThat(logLines())
        .contains(
            "console login refused for user alice from 127.0.0.1",
            "console login refused from 127.0.0.1: too many failed logins");
    // No password, right or wrong, reaches any log line.
    assertThat(String.join("\n", logLines()))
        .doesNotContain(ALICE_PASSWORD)
        .doesNotContain("not-alices-password");
  }

  @Test
  void aBurstOfConcurrentGuessesGetsNoMoreTriesThanTheThrottleAllows() throws Exception {
    start();
    // All sent at once, before any of them has failed: the throttle must count them as they start.
    var client = client();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> guesses =
        new java.util.ArrayList<>();
    for (int i = 0; i < 4 * LoginThrottle.MAX_FAILURES; i++) {
      guesses.add(
          client.sendAsync(
              HttpRequest.newBuilder(https("/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("user=alice&password=guess-" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = guesses.stream().map(f -> f.join().statusCode()).toList();
    assertThat(statuses).containsOnly(403, 429);
    assertThat(statuses.stream().filter(c -> c == 403).count())
        .isLessThanOrEqualTo(LoginThrottle.MAX_FAILURES);
  }

  @Test
  void guessesFromManyAddressesAtOnceTakeNoMoreThanHalfTheCores() throws Exception {
    start();
    // Ten addresses (all of 127.0.0.0/8 is this host on Linux), each within its own throttle.
    List<java.util.concurrent.Future<String>> guesses = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        InetAddress from = InetAddress.getByName("127.0.0." + (2 + i % 10));
        String body = "user=alice&password=guess-" + i;
        guesses.add(threads.submit(() -> rawPost(from, "/login", body)));
      }
    }
    for (var guess : guesses) {
      assertThat(guess.get()).isEqualTo("HTTP/1.1 403");
    }
    assertThat(console.login.gate.mostAtOnce()).isBetween(1, HashingGate.PERMITS);
  }

  /** The status line of a POST over TLS from the local address {@code from}. */
  private String rawPost(InetAddress from, String path, String body) throws IOException {
    try (var socket =
        (SSLSocket)
            cert.trust()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), console.port(), from, 0)) {
      socket.setSoTimeout(60_000);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1:"
                      + console.port()
                      + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                      + body.length()
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.substring(0, 12);
    }
  }

  @Test
  void aPasswordTypedIntoTheUserFieldIsNotLogged() throws Exception {
    start();
    assertThat(login(ALICE_PASSWORD, ALICE_PASSWORD).statusCode()).isEqualTo(403);
    assertThat(logLines()).contains("console login refused for an unknown user from 127.0.0.1");
    assertThat(String.join("\n", logLines())).doesNotContain(ALICE_PASSWORD);
  }

  @Test
  void aViewerUsersActionIsRefused() throws Exception {
    start();
    long pid = supervisor.status().pid();
    var answer = restart(session("bob", BOB_PASSWORD));
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(supervisor.status().pid()).isEqualTo(pid);
    assertThat(logLines())
        .contains(
            "console login as bob (viewer) from 127.0.0.1",
            "console: restart web refused: read-only role of bob (viewer), from 127.0.0.1");
    assertThat(String.join("\n", logLines())).doesNotContain(BOB_PASSWORD);
  }

  @Test
  void aLogoutEndsTheSessionOnTheServerAndNeedsTheCsrfToken() throws Exception {
    start();
    String[] session = session("alice", ALICE_PASSWORD);
    var services =
        HttpRequest.newBuilder(https("/api/services")).header("Cookie", session[0]).build();
    assertThat(client().send(services, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    // A cross-site form cannot log the user out: it does not know the CSRF token.
    assertThat(logout(session[0], "0123abcd").statusCode()).isEqualTo(403);
    assertThat(client().send(services, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);

    var out = logout(session[0], session[1]);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    // The old cookie, e.g. a copy an attacker kept, no longer names a session.
    assertThat(client().send(services, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    assertThat(logLines()).contains("console logout of alice (operator) from 127.0.0.1");
  }

  private HttpResponse<String> logout(String cookie, String csrf) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(https("/logout"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAddressOutsideTheAllowListIsRefusedBeforeAnyHandler() throws Exception {
    start(InetAddress.getLoopbackAddress(), List.of(AddressRange.parse("10.0.0.0/8")));
    var page =
        client()
            .send(HttpRequest.newBuilder(https("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(403);
    // Not even the login handler runs: the right password gets no session.
    var login = login("alice", ALICE_PASSWORD);
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(logLines())
        .contains("console: request refused: 127.0.0.1 is not in the allow-list, POST /login")
        .doesNotContain("console login as alice (operator) from 127.0.0.1");
  }

  @Test
  void anAddressInTheAllowListGetsIn() throws Exception {
    start(
        InetAddress.getLoopbackAddress(),
        List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("127.0.0.1/32")));
    var page =
        client()
            .send(HttpRequest.newBuilder(https("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
  }

  @Test
  void onADualStackBindAnIpv4ClientIsMatchedAsIpv4() throws Exception {
    // Bound to :: the socket sees 127.0.0.1 as ::ffff:127.0.0.1; the allow-list must still match.
    start(
        InetAddress.getByName("::"),
        List.of(AddressRange.parse("127.0.0.1/32"), AddressRange.parse("::1")));
    var page =
        client()
            .send(HttpRequest.newBuilder(https("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
  }

  @Test
  void aWildcardBindWithTlsAndUsersServesAndAcceptsTheCertificatesNames() throws Exception {
    start(InetAddress.getByName("0.0.0.0"), List.of());
    assertThat(
            client()
                .send(
                    HttpRequest.newBuilder(https("/")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(rawStatus("console.test:" + console.port())).isEqualTo("HTTP/1.1 200");
    // DNS rebinding: a name the certificate is not for is refused.
    assertThat(rawStatus("evil.example:" + console.port())).isEqualTo("HTTP/1.1 421");
  }

  /** The status line of a GET / over TLS with the given Host header. */
  private String rawStatus(String host) throws Exception {
    try (var socket =
        (SSLSocket) cert.trust().getSocketFactory().createSocket("127.0.0.1", console.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.substring(0, answer.indexOf("\r\n")).substring(0, 12);
    }
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    Path key = Files.copy(cert.key(), tmp.resolve("key.pem"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    var options =
        new ConsoleOptions(
            InetAddress.getLoopbackAddress(),
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.of(users),
            Optional.of(new TlsFiles(cert.certificate(), key)),
            List.of());
    assertThatThrownBy(options::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-key " + key + " is readable by others; run chmod 600 " + key);
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedWithoutShowingIt() throws Exception {
    SelfSigned other = SelfSigned.create(tmp, "other", "EC", "dns:localhost");
    var options =
        new ConsoleOptions(
            InetAddress.getLoopbackAddress(),
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.of(users),
            Optional.of(new TlsFiles(cert.certificate(), other.key())),
            List.of());
    String key = Files.readString(other.key());
    String body = key.substring(key.indexOf('\n') + 1, key.indexOf("-----END")).strip();
    assertThatThrownBy(options::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--tls-key " + other.key() + " does not belong to the certificate")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining(body.substring(0, 20));
  }

  @Test
  void aRemoteBindWithoutTlsOrAuthenticationIsRefused() throws Exception {
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertThatThrownBy(() -> new ConsoleOptions(any, 0, Optional.empty(), Optional.empty()))
        .hasMessageContaining("add TLS (--tls-cert FILE --tls-key FILE) and authentication");
    assertThatThrownBy(
            () ->
                new ConsoleOptions(
                    any,
                    0,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(users),
                    Optional.empty(),
                    List.of()))
        .hasMessageContaining("add TLS (--tls-cert FILE --tls-key FILE), or keep");
    assertThatThrownBy(
            () ->
                new ConsoleOptions(
                    any,
                    0,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(cert.files()),
                    List.of()))
        .hasMessageContaining("add authentication (--users-file FILE or --token-file FILE), or");
  }
}
