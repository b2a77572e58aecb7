package io.svc4j.registry.engine;

import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.ServiceList;
import java.util.Optional;

/**
 * Where the registry's state lives: in this process ({@link MemoryStore}) or in a shared etcd
 * cluster. A store owns the leases (it decides when an instance is evicted) and reports every
 * change to its {@link Changes}, which feed blocking queries and the event stream. Names and bodies
 * arrive validated.
 */
public interface Store extends AutoCloseable {

  /** Starts leases and background work; the store answers after this returns. */
  void start() throws Exception;

  /** Registers or updates an instance; its lease starts now. */
  Instance register(String service, String id, Registration registration) throws StoreException;

  /** Renews the lease; empty when the instance is unknown (the client must register again). */
  Optional<Instance> heartbeat(String service, String id, Heartbeat heartbeat)
      throws StoreException;

  /** Removes an instance; empty when it was unknown. */
  Optional<Instance> deregister(String service, String id) throws StoreException;

  ServiceList services() throws StoreException;

  Optional<Instance> instance(String service, String id) throws StoreException;

  ServiceInstances instances(String service) throws StoreException;

  Changes changes();

  /** True while the store can serve (etcd reachable). */
  default boolean ready() {
    return true;
  }

  /** One line for the registry's status: counts, held-back evictions, the backend's health. */
  String describe();

  @Override
  void close();
}
