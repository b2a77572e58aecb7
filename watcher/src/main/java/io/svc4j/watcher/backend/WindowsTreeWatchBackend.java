package io.svc4j.watcher.backend;

import com.sun.nio.file.ExtendedWatchEventModifier;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows: one native recursive watch per tree. The JDK's {@code WatchService} on Windows is {@code
 * ReadDirectoryChangesW}, and with {@link ExtendedWatchEventModifier#FILE_TREE} it asks for the
 * whole subtree ({@code bWatchSubtree}), so a file in a directory created a moment ago is reported
 * by the operating system itself: no watch has to be added for it. The engine still calls {@link
 * #watch} for every directory it finds; a directory inside a watched tree needs nothing. A lost
 * buffer (the JDK's {@code OVERFLOW}) is an overflow of the whole tree.
 */
public final class WindowsTreeWatchBackend implements WatchBackend {

  private static final Logger log = LoggerFactory.getLogger(WindowsTreeWatchBackend.class);

  private static final WatchEvent.Kind<?>[] KINDS = {
    StandardWatchEventKinds.ENTRY_CREATE,
    StandardWatchEventKinds.ENTRY_DELETE,
    StandardWatchEventKinds.ENTRY_MODIFY
  };

  private final WatchService service;

  /** The watched trees, by key; events name paths relative to the tree's top. */
  private final Map<WatchKey, Path> trees = new ConcurrentHashMap<>();

  private Thread reader;

  public WindowsTreeWatchBackend() throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
  }

  @Override
  public void start(Consumer<RawEvent> sink) {
    reader =
        Thread.ofPlatform()
            .daemon()
            .name("svc4j-watch-backend")
            .start(() -> WatchKeyReader.run(service, trees, sink));
  }

  @Override
  public void watch(Path dir) throws IOException {
    for (var tree : trees.entrySet()) {
      if (tree.getKey().isValid() && dir.startsWith(tree.getValue())) {
        return;
      }
    }
    WatchKey key = dir.register(service, KINDS, ExtendedWatchEventModifier.FILE_TREE);
    trees.put(key, dir);
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
