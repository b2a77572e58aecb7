package io.svc4j.registry.api;

import java.util.Map;

/** One line of {@code GET /v1/services}: a service and how many instances it has per status. */
public record ServiceSummary(String name, int instances, Map<String, Integer> byStatus) {
  public ServiceSummary {
    byStatus = Map.copyOf(byStatus);
  }
}
