package io.svc4j.registry.client;

import io.svc4j.registry.api.Names;
import io.svc4j.registry.api.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service tells the registry about itself, and where the registry is.
 *
 * @param registry the registry's base URL
 * @param token the bearer token for writes, when the registry wants one
 * @param service the service name to register under
 * @param instanceId this instance's id, unique within the service
 * @param registration address, port, metadata, TTL and heartbeat interval
 */
public record AgentSettings(
    URI registry,
    Optional<String> token,
    String service,
    String instanceId,
    Registration registration) {

  /** The environment variables {@link #fromEnvironment} reads. */
  public static final String URL = "SVC4J_REGISTRY_URL";

  public static final String TOKEN_FILE = "SVC4J_REGISTRY_TOKEN_FILE";
  public static final String SERVICE = "SVC4J_REGISTRY_SERVICE";
  public static final String INSTANCE = "SVC4J_REGISTRY_INSTANCE";
  public static final String ADDRESS = "SVC4J_REGISTRY_ADDRESS";
  public static final String PORT = "SVC4J_REGISTRY_PORT";
  public static final String METADATA = "SVC4J_REGISTRY_METADATA";
  public static final String TTL = "SVC4J_REGISTRY_TTL";
  public static final String HEARTBEAT = "SVC4J_REGISTRY_HEARTBEAT";

  public AgentSettings {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(token, "token");
    Names.require("service", service);
    Names.require("instance id", instanceId);
    registration.validate();
  }

  public Duration heartbeatInterval() {
    return Duration.ofSeconds(registration.heartbeatSeconds());
  }

  /**
   * Settings from {@code SVC4J_REGISTRY_*} variables, or empty when {@code SVC4J_REGISTRY_URL} is
   * not set. A bad value throws IllegalArgumentException naming the variable.
   */
  public static Optional<AgentSettings> fromEnvironment(
      Map<String, String> env, String defaultService) {
    String url = env.get(URL);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI registry;
    try {
      registry = URI.create(url.strip());
      RegistryClient.of(registry); // validates scheme and host
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          URL + "=" + url + " is invalid: use http://HOST:PORT of a registry");
    }
    Optional<String> token = Optional.ofNullable(env.get(TOKEN_FILE)).map(AgentSettings::readToken);
    String service = env.getOrDefault(SERVICE, defaultService);
    int port = intVar(env, PORT, 0);
    String address = env.getOrDefault(ADDRESS, hostName());
    String id = env.getOrDefault(INSTANCE, defaultId(address, port));
    Integer ttl = env.containsKey(TTL) ? intVar(env, TTL, 0) : null;
    Integer beat = env.containsKey(HEARTBEAT) ? intVar(env, HEARTBEAT, 0) : null;
    Registration registration =
        new Registration(address, port, metadata(env.get(METADATA)), ttl, beat);
    try {
      return Optional.of(new AgentSettings(registry, token, service, id, registration));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("registry settings (" + URL + " ...): " + e.getMessage());
    }
  }

  /**
   * Settings whose instance id, when absent, is {@code ADDRESS-PORT} ({@code ADDRESS-PID} without a
   * port) and whose address, when empty, is this host's name: the defaults of the variables.
   */
  public static AgentSettings of(
      URI registry,
      Optional<String> token,
      String service,
      Optional<String> instanceId,
      Registration registration) {
    Registration r =
        registration.address().isEmpty()
            ? new Registration(
                hostName(),
                registration.port(),
                registration.metadata(),
                registration.ttlSeconds(),
                registration.heartbeatSeconds())
            : registration;
    return new AgentSettings(
        registry, token, service, instanceId.orElseGet(() -> defaultId(r.address(), r.port())), r);
  }

  /** host-port, or host-pid when the service has no port: stable across restarts when it can be. */
  static String defaultId(String address, int port) {
    String host = address.isEmpty() ? hostName() : address;
    String id =
        host.replaceAll("[^A-Za-z0-9._-]", "_")
            + "-"
            + (port > 0 ? port : ProcessHandle.current().pid());
    return id.length() > Names.MAX_LENGTH ? id.substring(id.length() - Names.MAX_LENGTH) : id;
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + v + " is invalid: use a whole number");
    }
  }

  private static Map<String, String> metadata(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            METADATA + " entry \"" + pair + "\" is invalid: use KEY=VALUE,KEY=VALUE");
      }
      out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return out;
  }

  /** Reads a token file: its content without surrounding whitespace. */
  public static String readToken(String file) {
    try {
      String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
        throw new IllegalArgumentException(
            "registry token file " + file + " must hold one token of printable ASCII");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "registry token file " + file + " cannot be read: " + e.getMessage());
    }
  }
}
