package io.svc4j.registry.api;

import java.util.Map;

/**
 * The body of {@code PUT /v1/services/{service}/instances/{id}}: where the instance listens and how
 * long its lease lasts without a heartbeat.
 *
 * @param address host name or IP the instance serves on (may be empty for workers)
 * @param port its port, 0 when it has none
 * @param metadata free string pairs (version, zone, ...)
 * @param ttlSeconds lease length; null means {@link #DEFAULT_TTL_SECONDS}
 * @param heartbeatSeconds how often the client intends to heartbeat; null means {@link
 *     #DEFAULT_HEARTBEAT_SECONDS}
 */
public record Registration(
    String address,
    Integer port,
    Map<String, String> metadata,
    Integer ttlSeconds,
    Integer heartbeatSeconds) {

  public static final int DEFAULT_TTL_SECONDS = 30;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 10;
  public static final int MAX_TTL_SECONDS = 3600;
  public static final int MAX_METADATA_ENTRIES = 64;
  public static final int MAX_METADATA_KEY = 128;
  public static final int MAX_METADATA_VALUE = 1024;
  public static final int MAX_ADDRESS = 253;

  public Registration {
    address = address == null ? "" : address;
    port = port == null ? 0 : port;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    ttlSeconds = ttlSeconds == null ? DEFAULT_TTL_SECONDS : ttlSeconds;
    heartbeatSeconds =
        heartbeatSeconds == null
            ? Math.min(DEFAULT_HEARTBEAT_SECONDS, Math.max(1, ttlSeconds / 3))
            : heartbeatSeconds;
  }

  /**
   * Checks every field; throws with one line naming the field and the allowed range. The server
   * calls it on every request; clients call it to fail early.
   */
  public Registration validate() {
    if (address.length() > MAX_ADDRESS || address.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException(
          "address " + Printable.quote(address) + " is invalid: a host name or IP, no spaces");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "ttlSeconds " + ttlSeconds + " is out of range 1-" + MAX_TTL_SECONDS);
    }
    if (heartbeatSeconds < 1 || heartbeatSeconds > ttlSeconds) {
      throw new IllegalArgumentException(
          "heartbeatSeconds "
              + heartbeatSeconds
              + " is out of range 1-ttlSeconds ("
              + ttlSeconds
              + ")");
    }
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(
          "metadata has " + metadata.size() + " entries, at most " + MAX_METADATA_ENTRIES);
    }
    metadata.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > MAX_METADATA_KEY || hasControl(k)) {
            throw new IllegalArgumentException(
                "metadata key "
                    + Printable.quote(k)
                    + " is invalid: 1-"
                    + MAX_METADATA_KEY
                    + " characters, no control characters");
          }
          if (v.length() > MAX_METADATA_VALUE || hasControl(v)) {
            throw new IllegalArgumentException(
                "metadata value of "
                    + Printable.quote(k)
                    + " is invalid: at most "
                    + MAX_METADATA_VALUE
                    + " characters, no control characters");
          }
        });
    return this;
  }

  static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
