package io.svc4j.watcher;

/** What happened to a path, as a user reads it; {@link #wire()} is the name in output and JSON. */
public enum EventKind {
  CREATED("created"),
  MODIFIED("modified"),
  DELETED("deleted"),
  RENAMED("renamed"),
  /** Events were dropped (kernel or watcher queue full); the tree was rescanned instead. */
  OVERFLOW_RESCAN("overflow-rescan");

  private final String wire;

  EventKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
