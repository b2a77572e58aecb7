package io.svc4j.watcher;

import java.util.List;

/**
 * Receives settled batches, one call per batch, on the engine's thread (with no debounce: the
 * backend's reader thread, while the kernel queues what happens meanwhile), so keep it short.
 */
@FunctionalInterface
public interface BatchListener {

  void onBatch(List<WatchEvent> batch);

  /** The engine stopped because of an error it cannot recover from. */
  default void onFailure(Throwable cause) {}
}
