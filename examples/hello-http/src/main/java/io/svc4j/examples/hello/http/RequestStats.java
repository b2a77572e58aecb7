package io.svc4j.examples.hello.http;

import java.util.concurrent.atomic.AtomicLong;

/** Request counters for the status line and for drain progress. Thread-safe. */
public final class RequestStats {
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();

  void begin() {
    total.incrementAndGet();
    inFlight.incrementAndGet();
  }

  void end() {
    inFlight.decrementAndGet();
  }

  /** Requests received since start. */
  public long total() {
    return total.get();
  }

  /** Requests received whose response is not complete yet. */
  public long inFlight() {
    return inFlight.get();
  }
}
