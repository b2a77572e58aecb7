package io.svc4j.cli.registry;

import io.svc4j.cli.Durations;
import io.svc4j.cli.UsageException;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.RegistryService;
import io.svc4j.registry.server.TokenFile;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code svc4j registry serve}: the registry as a hosted svc4j service, so {@code svc4j install
 * --name registry -- svc4j registry serve ...} gives it readiness, graceful stop and status.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the service registry in the foreground (what an installed registry runs).")
final class RegistryServeCommand implements Callable<Integer> {

  @Option(
      names = "--name",
      description = "Service name for logs and status (default: ${DEFAULT-VALUE}).")
  String name = "registry";

  @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port = RegistryServerOptions.DEFAULT_PORT;

  @Option(
      names = "--store",
      description = "Where state lives: memory or etcd (default: ${DEFAULT-VALUE}).")
  RegistryServerOptions.StoreKind store = RegistryServerOptions.StoreKind.memory;

  @Option(
      names = "--etcd-endpoints",
      split = ",",
      paramLabel = "URL",
      description = "etcd client URLs for --store etcd, comma-separated.")
  List<String> etcdEndpoints = new ArrayList<>();

  @Option(names = "--etcd-prefix", description = "Key prefix in etcd (default: ${DEFAULT-VALUE}).")
  String etcdPrefix = RegistryServerOptions.DEFAULT_ETCD_PREFIX;

  @Option(
      names = "--token-file",
      description =
          "Bearer token for writes; created (0600, random) if missing. Required unless --bind is"
              + " loopback.")
  Path tokenFile;

  @Option(names = "--open-reads", description = "Allow reads without the token.")
  boolean openReads;

  @Option(
      names = "--eviction-budget",
      paramLabel = "PERCENT",
      description =
          "Evict at most this share of a service's instances per minute while its others keep"
              + " heartbeating (default 0: off).")
  int evictionBudget;

  @Option(
      names = "--stop-timeout",
      description = "Deadline for a graceful stop (default 30s).",
      converter = Durations.class)
  Duration stopTimeout = HostOptions.DEFAULT_STOP_DEADLINE;

  @Override
  public Integer call() {
    RegistryServerOptions options = options();
    // Before the host starts: a bad token file is a one-line usage error, not a failed start.
    options
        .tokenFile()
        .ifPresent(
            f -> {
              try {
                TokenFile.readOrCreate(f);
              } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
              }
            });
    // User-caused problems the start would only report with a stack trace: say them in one line.
    checkPortFree(options);
    if (options.store() == RegistryServerOptions.StoreKind.etcd) {
      checkEtcdAnswers(options.etcdEndpoints());
    }
    return ServiceHost.run(
        new RegistryService(options), HostOptions.named(name).withStopDeadline(stopTimeout));
  }

  private static void checkPortFree(RegistryServerOptions options) {
    if (options.port() == 0) {
      return;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(options.bind(), options.port()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot listen on "
              + options.bind().getHostAddress()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "): pick another port with --port");
    }
  }

  private static void checkEtcdAnswers(List<URI> endpoints) {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (URI endpoint : endpoints) {
      try {
        var r =
            http.send(
                java.net.http.HttpRequest.newBuilder(endpoint.resolve("/version"))
                    .timeout(Duration.ofSeconds(3))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(
        "no etcd endpoint answers (" + endpoints + "): check --etcd-endpoints and that etcd runs");
  }

  RegistryServerOptions options() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind " + bind + " is not an address of this machine");
    }
    List<URI> endpoints = new ArrayList<>();
    for (String e : etcdEndpoints) {
      URI u;
      try {
        u = URI.create(e.strip());
      } catch (IllegalArgumentException ex) {
        throw new UsageException("--etcd-endpoints " + e + " is not a URL: use http://HOST:PORT");
      }
      if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
        throw new UsageException("--etcd-endpoints " + e + " is invalid: use http://HOST:PORT");
      }
      endpoints.add(u);
    }
    try {
      return new RegistryServerOptions(
          address,
          port,
          store,
          endpoints,
          etcdPrefix,
          Optional.ofNullable(tokenFile),
          openReads,
          evictionBudget);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
