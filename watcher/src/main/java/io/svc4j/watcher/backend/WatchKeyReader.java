package io.svc4j.watcher.backend;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that turns a {@link WatchService}'s keys into {@link RawEvent}s, for the backends built
 * on the JDK's watch service.
 *
 * <p>A key's events are taken first and its directory looked up second, and a key whose directory
 * is not (yet) in {@code dirs} is named by the path it was registered for. The other order lost
 * files: a key signalled right after its registration could be taken and looked up before the
 * registering thread had put it in {@code dirs}; its events were then dropped for want of a
 * directory, including those that arrived after the engine had listed the new directory, which
 * nothing reported again (seen as files missing from a 10,000-file burst, with no overflow).
 */
final class WatchKeyReader {

  private static final Logger log = LoggerFactory.getLogger(WatchKeyReader.class);

  private WatchKeyReader() {}

  static void run(WatchService service, Map<WatchKey, Path> dirs, Consumer<RawEvent> sink) {
    try {
      while (true) {
        WatchKey key = service.take();
        List<java.nio.file.WatchEvent<?>> events = key.pollEvents();
        Path dir = dirs.get(key);
        if (dir == null && key.isValid() && key.watchable() instanceof Path registered) {
          // Registered, not yet in dirs. (A key this backend cancelled is not valid: its events
          // would carry a renamed directory's old path, and its replacement reports them.)
          dir = registered;
        }
        for (var event : events) {
          if (dir == null) {
            continue;
          }
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            sink.accept(RawEvent.overflow(dir));
          } else if (event.context() instanceof Path name) {
            sink.accept(RawEvent.path(dir.resolve(name)));
          }
        }
        if (!key.reset()) {
          // The directory is gone (or unwatchable): the engine learns it from the parent's event.
          dirs.remove(key);
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      log.debug("watch backend stopped");
    }
  }
}
