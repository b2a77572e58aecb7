package io.svc4j.cli.watch;

import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

/** A service context for driving a service's start and stop directly in a test. */
final class TestServiceContext implements ServiceContext {

  final CopyOnWriteArrayList<String> statuses = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<Throwable> failures = new CopyOnWriteArrayList<>();

  @Override
  public String serviceName() {
    return "test";
  }

  @Override
  public void status(String text) {
    statuses.add(text);
  }

  @Override
  public void extendTimeout(Duration extra) {}

  @Override
  public void requestStop() {}

  @Override
  public void fail(Throwable cause) {
    failures.add(cause);
  }

  @Override
  public ServiceState state() {
    return ServiceState.RUNNING;
  }

  @Override
  public Duration stopDeadline() {
    return Duration.ofSeconds(10);
  }
}
