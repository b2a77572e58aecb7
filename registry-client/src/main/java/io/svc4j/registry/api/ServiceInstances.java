package io.svc4j.registry.api;

import java.util.List;

/**
 * The body of {@code GET /v1/services/{service}}.
 *
 * @param index the service's index: pass it as {@code ?index=} to wait for the next change
 */
public record ServiceInstances(String service, long index, List<Instance> instances) {
  public ServiceInstances {
    instances = List.copyOf(instances);
  }
}
