package io.svc4j.registry.client;

import io.svc4j.registry.api.ServiceInstances;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running watch of one service: blocking queries in a loop on a daemon thread. Why blocking
 * queries and not the event stream: a query carries the index it resumes from, so a registry
 * restart or a dropped connection loses no change (the next query answers at once with the current
 * state).
 */
public final class Watch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watch.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final RegistryClient client;
  private final String service;
  private final Consumer<ServiceInstances> onChange;
  private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
  private final Thread thread;
  private volatile boolean closed;

  private Watch(RegistryClient client, String service, Consumer<ServiceInstances> onChange) {
    this.client = client;
    this.service = service;
    this.onChange = onChange;
    this.thread =
        Thread.ofPlatform().daemon().name("svc4j-registry-watch-" + service).unstarted(this::loop);
  }

  static Watch start(RegistryClient client, String service, Consumer<ServiceInstances> onChange) {
    Watch w = new Watch(client, service, onChange);
    w.thread.start();
    return w;
  }

  private void loop() {
    long index = -1;
    while (!closed) {
      try {
        ServiceInstances now =
            index < 0 ? client.instances(service) : client.await(service, index, WAIT);
        backoff.reset();
        // A registry that restarted starts its index again from 1: a lower index is a change.
        if (now.index() != index) {
          index = now.index();
          onChange.accept(now);
        }
      } catch (RegistryException e) {
        if (closed) {
          return;
        }
        log.debug("watch of {}: {}", service, e.getMessage());
        index = -1; // start over with a plain read once the registry is back
        try {
          Thread.sleep(backoff.next().toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      } catch (RuntimeException e) {
        log.warn("watch of {}: the listener failed: {}", service, e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
