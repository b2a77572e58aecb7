package io.svc4j.registry.testing;

import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.time.Duration;

/** The smallest context for starting a registry in the test's JVM. */
public final class TestContext implements ServiceContext {

  public volatile String status = "";

  @Override
  public String serviceName() {
    return "registry";
  }

  @Override
  public void status(String text) {
    status = text;
  }

  @Override
  public void extendTimeout(Duration extra) {}

  @Override
  public void requestStop() {}

  @Override
  public void fail(Throwable cause) {}

  @Override
  public ServiceState state() {
    return ServiceState.RUNNING;
  }

  @Override
  public Duration stopDeadline() {
    return Duration.ofSeconds(10);
  }
}
