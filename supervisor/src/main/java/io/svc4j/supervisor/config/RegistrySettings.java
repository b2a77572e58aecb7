package io.svc4j.supervisor.config;

import io.svc4j.registry.api.Names;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.RegistryClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code registry:} section: the supervisor registers its child with a svc4j registry while the
 * child runs. The token is never written here, only the file that holds it ({@link
 * RegistryTokenFile} refuses a file others can read or change).
 *
 * @param url the registry, {@code http://HOST:PORT} (required)
 * @param tokenFile file holding the registry's bearer token; relative to the configuration file;
 *     null: no token
 * @param service service name to register under; null: the configuration's {@code name}
 * @param instance instance id; null: {@code ADDRESS-PORT} ({@code ADDRESS-PID} without a port)
 * @param address where the child serves; null: this host's name
 * @param port the child's port; null: 0 (none)
 * @param metadata string pairs shown with the instance (version, zone ...)
 * @param ttl how long the registry keeps the instance without a heartbeat; whole seconds, default
 *     30s
 * @param heartbeat interval between heartbeats; whole seconds, at most {@code ttl}; default 10s (a
 *     third of a shorter TTL)
 */
public record RegistrySettings(
    String url,
    Path tokenFile,
    String service,
    String instance,
    String address,
    Integer port,
    Map<String, String> metadata,
    Duration ttl,
    Duration heartbeat) {

  public RegistrySettings {
    ConfigException.require(url != null && !url.isBlank(), "url", "is required");
    try {
      RegistryClient.of(URI.create(url.strip()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "url", "'" + url + "' is invalid: use http://HOST:PORT of a svc4j registry");
    }
    url = url.strip();
    if (service != null) {
      names("service", service);
    }
    if (instance != null) {
      names("instance", instance);
    }
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (ttl != null) {
      seconds(ttl, "ttl");
      ConfigException.require(
          ttl.toSeconds() <= Registration.MAX_TTL_SECONDS,
          "ttl",
          "must be at most " + Registration.MAX_TTL_SECONDS + "s, got " + ttl.toSeconds() + "s");
    }
    if (heartbeat != null) {
      seconds(heartbeat, "heartbeat");
      long lease = ttl == null ? Registration.DEFAULT_TTL_SECONDS : ttl.toSeconds();
      ConfigException.require(
          heartbeat.toSeconds() <= lease,
          "heartbeat",
          "must be at most the ttl (" + lease + "s), got " + heartbeat.toSeconds() + "s");
    }
    Registration r = registration(address, port, metadata, ttl, heartbeat);
    try {
      r.validate();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(keyOf(e.getMessage()), e.getMessage());
    }
  }

  /** What the registry is told: address, port, metadata, TTL and heartbeat interval. */
  public Registration registration() {
    return registration(address, port, metadata, ttl, heartbeat);
  }

  public RegistrySettings withTokenFile(Path file) {
    return new RegistrySettings(
        url, file, service, instance, address, port, metadata, ttl, heartbeat);
  }

  private static Registration registration(
      String address,
      Integer port,
      Map<String, String> metadata,
      Duration ttl,
      Duration heartbeat) {
    return new Registration(
        address,
        port,
        metadata,
        ttl == null ? null : (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()),
        heartbeat == null ? null : (int) Math.min(Integer.MAX_VALUE, heartbeat.toSeconds()));
  }

  private static void names(String key, String value) {
    try {
      Names.require(key, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static void seconds(Duration d, String key) {
    ConfigException.positive(d, key);
    ConfigException.require(
        d.toNanos() % 1_000_000_000L == 0, key, "must be whole seconds, got " + d);
  }

  /** The key a Registration message is about (its messages start with the field's name). */
  private static String keyOf(String message) {
    if (message.startsWith("ttlSeconds")) {
      return "ttl";
    }
    if (message.startsWith("heartbeatSeconds")) {
      return "heartbeat";
    }
    if (message.startsWith("metadata")) {
      return "metadata";
    }
    if (message.startsWith("port")) {
      return "port";
    }
    return "address";
  }
}
