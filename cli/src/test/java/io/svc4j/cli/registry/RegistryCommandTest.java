package io.svc4j.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Svc4j;
import io.svc4j.cli.Svc4jJvm;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.RegistryClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j registry serve} as a real process (the svc4j main class in its own JVM), read by
 * {@code svc4j registry list} and {@code watch}; their one-line errors.
 */
class RegistryCommandTest {

  @TempDir static Path tmp;
  static Process server;
  static String url;

  @BeforeAll
  static void serve() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    url = "http://127.0.0.1:" + port;
    server =
        new ProcessBuilder(Svc4jJvm.small("registry", "serve", "--port", Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("serve.log").toFile())
            .start();
    RegistryClient client = RegistryClient.of(URI.create(url));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(server.isAlive()).as(() -> read("serve.log")).isTrue();
              return client.services() != null;
            });
    client.register("api", "a1", new Registration("10.0.0.1", 8080, Map.of(), 30, 10));
  }

  @AfterAll
  static void stop() throws Exception {
    server.destroy(); // SIGTERM: the host stops the registry gracefully
    assertThat(server.waitFor()).as(() -> read("serve.log")).isZero();
    assertThat(read("serve.log")).contains("registry listening on http://127.0.0.1:");
  }

  static String read(String name) {
    try {
      return Files.readString(tmp.resolve(name));
    } catch (Exception e) {
      return e.toString();
    }
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Svc4j.execute(
            args,
            new CliContext(
                scope -> {
                  throw new AssertionError("no manager needed");
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true)));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void listShowsServicesAndInstances() throws Exception {
    Result services = run("registry", "list", "--registry", url);
    assertThat(services.code()).as(services.err()).isZero();
    assertThat(services.out()).contains("api").contains("1 instances").contains("STARTING=1");

    Result instances = run("registry", "list", "api", "--registry", url);
    assertThat(instances.out()).contains("a1").contains("10.0.0.1:8080").contains("STARTING");

    Result json = run("registry", "list", "api", "--json", "--registry", url);
    assertThat(
            io.svc4j.registry.api.Wire.mapper()
                .readTree(json.out())
                .get("instances")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo("a1");
  }

  @Test
  void watchPrintsChangesAsLines() throws Exception {
    CompletableFuture<Result> watching =
        CompletableFuture.supplyAsync(
            () -> run("registry", "watch", "web", "--count", "2", "--registry", url));
    RegistryClient client = RegistryClient.of(URI.create(url));
    // The watch subscribes asynchronously: register until its first line shows up.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              client.register("web", "w1", new Registration("", 0, Map.of(), 30, 10));
              client.deregister("web", "w1");
              return watching.isDone();
            });
    Result r = watching.get();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(2);
    assertThat(r.out()).contains("register   web/w1").contains("deregister web/w1");
  }

  @Test
  void errorsAreOneLineWithExitCodes() throws Exception {
    Result unreachable = run("registry", "list", "--registry", "http://127.0.0.1:1");
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err().strip())
        .startsWith("svc4j: error: registry http://127.0.0.1:1/ is unreachable")
        .doesNotContain("\n");

    Result badUrl = run("registry", "list", "--registry", "ftp://x");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err()).contains("use http://HOST:PORT");

    Result badName = run("registry", "list", "a/b", "--registry", url);
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.err().strip()).contains("service \"a/b\" is invalid").doesNotContain("\n");

    Result open = run("registry", "serve", "--bind", "0.0.0.0", "--port", "0");
    assertThat(open.code()).isEqualTo(2);
    assertThat(open.err().strip())
        .contains("not loopback: writes need a token")
        .doesNotContain("\n");

    Path loose = tmp.resolve("loose.token");
    Files.writeString(loose, "0123456789abcdef0123");
    Files.setPosixFilePermissions(
        loose, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    Result looseToken = run("registry", "serve", "--port", "0", "--token-file", loose.toString());
    assertThat(looseToken.code()).isEqualTo(2);
    assertThat(looseToken.err()).contains("chmod 600");

    Result noEtcd =
        run(
            "registry",
            "serve",
            "--port",
            "0",
            "--store",
            "etcd",
            "--etcd-endpoints",
            "http://127.0.0.1:1");
    assertThat(noEtcd.code()).isEqualTo(1);
    assertThat(noEtcd.err().strip()).contains("no etcd endpoint answers").doesNotContain("\n");

    int taken = URI.create(url).getPort();
    Result busy = run("registry", "serve", "--port", Integer.toString(taken));
    assertThat(busy.code()).isEqualTo(1);
    assertThat(busy.err().strip())
        .contains("cannot listen on 127.0.0.1:" + taken)
        .doesNotContain("\n");

    Result etcd = run("registry", "serve", "--store", "etcd");
    assertThat(etcd.code()).isEqualTo(2);
    assertThat(etcd.err()).contains("--store etcd needs --etcd-endpoints");
  }
}
