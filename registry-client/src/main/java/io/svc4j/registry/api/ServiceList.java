package io.svc4j.registry.api;

import java.util.List;

/** The body of {@code GET /v1/services}. */
public record ServiceList(long index, List<ServiceSummary> services) {
  public ServiceList {
    services = List.copyOf(services);
  }
}
