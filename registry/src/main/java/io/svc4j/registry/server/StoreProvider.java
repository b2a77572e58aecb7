package io.svc4j.registry.server;

import io.svc4j.registry.engine.RegistryMetrics;
import io.svc4j.registry.engine.Store;

/**
 * A store backend in another module (etcd), found with ServiceLoader so that the registry does not
 * depend on it.
 */
public interface StoreProvider {

  RegistryServerOptions.StoreKind kind();

  Store create(RegistryServerOptions options, RegistryMetrics metrics);
}
