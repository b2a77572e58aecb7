package io.svc4j.watcher;

import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceOutcomeException;
import io.svc4j.watcher.backend.WatchBackend;
import io.svc4j.watcher.backend.WatchBackends;
import java.io.IOException;
import java.util.List;

/**
 * The watcher as a svc4j {@link Service}: ready once every directory is watched, stopped gracefully
 * (the engine thread ends, the watches are released), failed if the engine breaks.
 */
public final class FileWatcherService implements Service {

  /** Creates the backend when the service starts. */
  @FunctionalInterface
  public interface BackendFactory {
    WatchBackend create() throws IOException;
  }

  private final WatchOptions options;
  private final BatchListener listener;
  private final BackendFactory backends;
  private volatile WatchEngine engine;

  public FileWatcherService(WatchOptions options, BatchListener listener) {
    this(options, listener, WatchBackends::preferred);
  }

  public FileWatcherService(WatchOptions options, BatchListener listener, BackendFactory backends) {
    this.options = options;
    this.listener = listener;
    this.backends = backends;
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    WatchEngine e =
        new WatchEngine(
            options,
            backends.create(),
            new BatchListener() {
              @Override
              public void onBatch(List<WatchEvent> batch) {
                listener.onBatch(batch);
              }

              @Override
              public void onFailure(Throwable cause) {
                listener.onFailure(cause);
                context.fail(cause);
              }
            });
    try {
      e.start();
    } catch (IOException x) {
      // The watch limit, a root gone since the command line was checked: an outcome, one line.
      throw new ServiceOutcomeException(x.getMessage());
    }
    engine = e;
    context.status(
        "watching "
            + e.watchedDirectories()
            + " directories under "
            + options.roots().size()
            + " path(s)"
            + (e.refusedDirectories() > 0
                ? "; " + e.refusedDirectories() + " not watched (inotify watch limit)"
                : ""));
  }

  @Override
  public void stop(ServiceContext context) {
    WatchEngine e = engine;
    if (e != null) {
      e.close();
    }
  }
}
