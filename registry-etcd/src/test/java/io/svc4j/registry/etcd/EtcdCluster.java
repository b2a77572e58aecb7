package io.svc4j.registry.etcd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Real etcd members (Debian's etcd-server) on loopback ports, each its own process. */
final class EtcdCluster implements AutoCloseable {

  private final List<Process> members = new ArrayList<>();
  private final List<URI> clientUrls = new ArrayList<>();

  static EtcdCluster start(Path dir, int size) throws Exception {
    EtcdCluster c = new EtcdCluster();
    List<Integer> peers = new ArrayList<>();
    List<Integer> clients = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      peers.add(freePort());
      clients.add(freePort());
    }
    StringBuilder initial = new StringBuilder();
    for (int i = 0; i < size; i++) {
      initial
          .append(i == 0 ? "" : ",")
          .append("m")
          .append(i)
          .append("=http://127.0.0.1:")
          .append(peers.get(i));
    }
    for (int i = 0; i < size; i++) {
      String client = "http://127.0.0.1:" + clients.get(i);
      String peer = "http://127.0.0.1:" + peers.get(i);
      Process p =
          new ProcessBuilder(
                  "etcd",
                  "--name",
                  "m" + i,
                  "--data-dir",
                  dir.resolve("m" + i).toString(),
                  "--listen-client-urls",
                  client,
                  "--advertise-client-urls",
                  client,
                  "--listen-peer-urls",
                  peer,
                  "--initial-advertise-peer-urls",
                  peer,
                  "--initial-cluster",
                  initial.toString(),
                  "--initial-cluster-state",
                  "new",
                  "--initial-cluster-token",
                  "svc4j-test")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("m" + i + ".log").toFile())
              .start();
      c.members.add(p);
      c.clientUrls.add(URI.create(client));
    }
    HttpClient http = HttpClient.newHttpClient();
    for (URI u : c.clientUrls) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(u.resolve("/health"))
                              .timeout(Duration.ofSeconds(2))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("\"health\":\"true\""));
    }
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  List<URI> clientUrls() {
    return List.copyOf(clientUrls);
  }

  void kill(int member) throws InterruptedException {
    members.get(member).destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : members) {
      p.destroyForcibly().waitFor();
    }
  }
}
