package io.svc4j.registry.etcd;

import io.svc4j.registry.engine.RegistryMetrics;
import io.svc4j.registry.engine.Store;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.StoreProvider;

/** {@code --store etcd}: found by the registry server through ServiceLoader. */
public final class EtcdStoreProvider implements StoreProvider {

  @Override
  public RegistryServerOptions.StoreKind kind() {
    return RegistryServerOptions.StoreKind.etcd;
  }

  @Override
  public Store create(RegistryServerOptions options, RegistryMetrics metrics) {
    return new EtcdStore(options.etcdEndpoints(), options.etcdPrefix(), metrics);
  }
}
