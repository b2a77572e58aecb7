package io.svc4j.registry.api;

/** One change in the registry, as the event stream and watches deliver it. */
public record Change(Type type, long index, Instance instance) {

  /** What happened to the instance. */
  public enum Type {
    REGISTER,
    UPDATE,
    STATUS,
    EVICT,
    DEREGISTER
  }
}
