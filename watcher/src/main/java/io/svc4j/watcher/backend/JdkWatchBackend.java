package io.svc4j.watcher.backend;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's {@link WatchService}: inotify on Linux. Its two ways to lose events are both turned
 * into {@link RawEvent#overflow}: the kernel's {@code IN_Q_OVERFLOW} and the JDK's own per-key
 * limit (512 pending events), which it reports as {@code OVERFLOW}.
 */
public final class JdkWatchBackend implements WatchBackend {

  private static final Logger log = LoggerFactory.getLogger(JdkWatchBackend.class);

  private final WatchService service;
  private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
  private Thread reader;

  public JdkWatchBackend() throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
  }

  @Override
  public void start(Consumer<RawEvent> sink) {
    reader =
        Thread.ofPlatform()
            .daemon()
            .name("svc4j-watch-backend")
            .start(() -> WatchKeyReader.run(service, dirs, sink));
  }

  @Override
  public void watch(Path dir) throws IOException {
    try {
      WatchKey key = register(dir);
      Path before = dirs.put(key, dir);
      if (before != null && !before.equals(dir)) {
        // A renamed directory: inotify hands back its old watch, whose events the JDK would name
        // under the old path. A fresh watch names them right; the engine lists the directory
        // after this call, so nothing between the two is missed.
        key.cancel();
        dirs.remove(key);
        dirs.put(register(dir), dir);
      }
    } catch (IOException e) {
      // The JDK turns inotify_add_watch's ENOSPC into this message (sun.nio.fs.LinuxWatchService).
      String m = String.valueOf(e.getMessage());
      if (m.contains("inotify watches") || m.contains("No space left on device")) {
        throw new WatchLimitException(m);
      }
      throw e;
    }
  }

  private WatchKey register(Path dir) throws IOException {
    return dir.register(
        service,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY);
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the watch service failed", e);
    }
    if (reader != null) {
      reader.interrupt();
    }
  }
}
