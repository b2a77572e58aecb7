package io.svc4j.registry.api;

/** The statuses every part of svc4j understands; others are allowed and shown as they are. */
public final class Status {

  /** Serving: hand it out. */
  public static final String UP = "UP";

  /** Finishing in-flight work after a stop began: send it nothing new. */
  public static final String DRAINING = "DRAINING";

  /** Alive but not serving (paused, failed health). */
  public static final String DOWN = "DOWN";

  /** Registered, no heartbeat with a status yet. */
  public static final String STARTING = "STARTING";

  private Status() {}
}
