package io.svc4j.bench;

import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;

/** The smallest embedded svc4j service: measures the cost of the host itself up to READY=1. */
public final class MinimalService implements Service {

  @Override
  public void start(ServiceContext context) {}

  @Override
  public void stop(ServiceContext context) {}

  public static void main(String[] args) {
    ServiceHost.runAndExit(new MinimalService(), HostOptions.named("bench-minimal"));
  }
}
