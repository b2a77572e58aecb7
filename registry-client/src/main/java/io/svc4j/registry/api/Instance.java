package io.svc4j.registry.api;

import java.time.Instant;
import java.util.Map;

/**
 * One registered instance as the registry reports it.
 *
 * @param lastHeartbeat wall-clock time of the last register or heartbeat
 * @param index the registry index of the last change that was not only figures
 * @param evictionHeld true while the service's eviction budget keeps this expired instance listed
 */
public record Instance(
    String service,
    String id,
    String address,
    int port,
    Map<String, String> metadata,
    int ttlSeconds,
    int heartbeatSeconds,
    String status,
    Double cpu,
    Long rssBytes,
    String text,
    Instant registeredAt,
    Instant lastHeartbeat,
    long index,
    boolean evictionHeld) {

  public Instance {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
