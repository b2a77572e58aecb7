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
   * Starts delivering events for a caller that does its work on the backend's own thread (the
   * engine with no debounce: no hand-over to a second thread, so one wake-up less per change):
   * {@code drained} runs on that thread once before the first event and then after each group of
   * events given to {@code sink}, when nothing more is at hand. A backend that cannot promise this
   * returns false without starting; the caller then uses {@link #start(Consumer)}.
   */
  default boolean startInline(Consumer<RawEvent> sink, Runnable drained) throws IOException {
    return false;
  }

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
