package io.svc4j.watcher.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A source of raw events for single directories (not recursive: the engine adds a watch for every
 * directory, so recursion and the no-window guarantee are the engine's, the same on every backend).
 * Implementations: {@link InotifyBackend}, {@link JdkWatchBackend}, {@link
 * WindowsTreeWatchBackend}.
 */
public interface WatchBackend extends AutoCloseable {

  /** Starts delivering events to {@code sink} from a thread of the backend's own. */
  void start(Consumer<RawEvent> sink) throws IOException;

  /**
   * Watches the entries of {@code dir} (not its subdirectories' entries).
   *
   * @throws WatchLimitException when the operating system's limit on watches is reached
   * @throws IOException when the directory cannot be watched (gone, no permission)
   */
  void watch(Path dir) throws IOException;

  /** Stops delivering events and releases the watches. */
  @Override
  void close();
}
