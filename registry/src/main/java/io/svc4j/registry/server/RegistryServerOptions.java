package io.svc4j.registry.server;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code svc4j registry serve} runs.
 *
 * @param bind the address to listen on (loopback by default)
 * @param port the port, 0 for any free one
 * @param store where state lives
 * @param etcdEndpoints the etcd cluster's client URLs (store etcd)
 * @param etcdPrefix the key prefix in etcd, so several registries can share a cluster
 * @param tokenFile the bearer-token file; required for a non-loopback bind (created 0600 if
 *     missing); when given for a loopback bind, it is enforced too
 * @param openReads reads (GET) without a token even when writes need one
 * @param evictionBudgetPercent rule (c): share of a service's instances evicted per minute at most
 *     while its others heartbeat; 0 = off
 */
public record RegistryServerOptions(
    InetAddress bind,
    int port,
    StoreKind store,
    List<URI> etcdEndpoints,
    String etcdPrefix,
    Optional<Path> tokenFile,
    boolean openReads,
    int evictionBudgetPercent) {

  public static final int DEFAULT_PORT = 7711;
  public static final String DEFAULT_ETCD_PREFIX = "/svc4j/registry/";

  /** The backends. */
  public enum StoreKind {
    memory,
    etcd
  }

  public RegistryServerOptions {
    Objects.requireNonNull(bind, "bind");
    etcdEndpoints = List.copyOf(etcdEndpoints);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " is out of range 0-65535");
    }
    if (evictionBudgetPercent < 0 || evictionBudgetPercent > 100) {
      throw new IllegalArgumentException(
          "--eviction-budget " + evictionBudgetPercent + " is out of range 0-100 (percent)");
    }
    if (store == StoreKind.etcd && etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "--store etcd needs --etcd-endpoints http://HOST:PORT[,http://HOST:PORT...]");
    }
    if (store != StoreKind.etcd && !etcdEndpoints.isEmpty()) {
      throw new IllegalArgumentException("--etcd-endpoints is only for --store etcd");
    }
    if (!bind.isLoopbackAddress() && tokenFile.isEmpty()) {
      throw new IllegalArgumentException(
          "--bind "
              + bind.getHostAddress()
              + " is not loopback: writes need a token, pass --token-file FILE (created with a"
              + " random token, mode 0600, if missing)");
    }
  }

  public static RegistryServerOptions loopback(int port) {
    return new RegistryServerOptions(
        InetAddress.getLoopbackAddress(),
        port,
        StoreKind.memory,
        List.of(),
        DEFAULT_ETCD_PREFIX,
        Optional.empty(),
        false,
        0);
  }

  public RegistryServerOptions withTokenFile(Path file) {
    return new RegistryServerOptions(
        bind,
        port,
        store,
        etcdEndpoints,
        etcdPrefix,
        Optional.of(file),
        openReads,
        evictionBudgetPercent);
  }

  public RegistryServerOptions withEvictionBudget(int percent) {
    return new RegistryServerOptions(
        bind, port, store, etcdEndpoints, etcdPrefix, tokenFile, openReads, percent);
  }
}
