package io.svc4j.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the service's reload when one of the {@link ReloadOnChange} files changed. It watches
 * the files' directories (not recursive: a handful of directories is what the JDK's WatchService
 * does well), and after any event there, once the directory has been quiet for the debounce time,
 * compares each file's size, mtime and identity (following symbolic links, so a swapped link as in
 * a Kubernetes ConfigMap counts) with what it was: an editor's save by rename, a rewrite in place
 * and a link swap are one reload; a change of another file in the same directory is none. A change
 * made while the service cannot reload yet (starting, or in a reload) is reloaded once it runs.
 */
final class FileReloadTrigger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileReloadTrigger.class);

  /** What is compared: a file that is missing is a state too (its creation is a change). */
  private record State(boolean exists, long size, long mtimeNanos, Object key) {
    static State of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new State(
            true, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
      } catch (IOException e) {
        return new State(false, -1, 0, null);
      }
    }
  }

  private final ServiceController controller;
  private final ReloadOnChange settings;
  private final WatchService watcher;
  private final Thread thread;
  private final List<State> known = new ArrayList<>();

  private FileReloadTrigger(
      ServiceController controller, ReloadOnChange settings, WatchService watcher) {
    this.controller = controller;
    this.settings = settings;
    this.watcher = watcher;
    for (Path f : settings.files()) {
      known.add(State.of(f));
    }
    this.thread = Thread.ofPlatform().daemon().name("svc4j-reload-on-change").unstarted(this::loop);
  }

  /**
   * Watches the files' directories.
   *
   * @throws IOException naming the directory that cannot be watched
   */
  static FileReloadTrigger start(ServiceController controller, ReloadOnChange settings)
      throws IOException {
    WatchService watcher = FileSystems.getDefault().newWatchService();
    Set<Path> dirs = new LinkedHashSet<>();
    settings.files().forEach(f -> dirs.add(f.getParent()));
    for (Path dir : dirs) {
      try {
        dir.register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      } catch (IOException e) {
        watcher.close();
        throw new IOException(
            "cannot watch " + dir + " for reload-on-change: " + e.getMessage(), e);
      }
    }
    FileReloadTrigger trigger = new FileReloadTrigger(controller, settings, watcher);
    trigger.thread.start();
    log.info("{} reloads when {} change(s)", controller.options().name(), settings.files());
    return trigger;
  }

  private void loop() {
    long debounceNanos = settings.debounce().toNanos();
    boolean dirty = false;
    boolean pending = false;
    long lastEvent = 0;
    try {
      while (true) {
        long wait =
            dirty
                ? Math.max(0, lastEvent + debounceNanos - System.nanoTime())
                : pending ? TimeUnit.MILLISECONDS.toNanos(100) : Long.MAX_VALUE;
        var key =
            wait == Long.MAX_VALUE ? watcher.take() : watcher.poll(wait, TimeUnit.NANOSECONDS);
        if (key != null) {
          // Every event counts, OVERFLOW too: the comparison below decides.
          key.pollEvents();
          key.reset();
          dirty = true;
          lastEvent = System.nanoTime();
          continue;
        }
        if (dirty) {
          dirty = false;
          pending |= changed();
        }
        if (pending) {
          pending = !request();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  /** Whether a file differs from what it was when last compared (and remembers it now). */
  private boolean changed() {
    boolean any = false;
    for (int i = 0; i < known.size(); i++) {
      State now = State.of(settings.files().get(i));
      if (!Objects.equals(now, known.get(i))) {
        log.info("{} changed: reloading {}", settings.files().get(i), controller.options().name());
        known.set(i, now);
        any = true;
      }
    }
    return any;
  }

  /** Asks for the reload; false when it must be asked again later (starting, reloading). */
  private boolean request() {
    if (!controller.supportsReload()) {
      log.info("change ignored: {} cannot reload here", controller.options().name());
      return true;
    }
    if (controller.requestReloadForChangedFiles()) {
      return true;
    }
    var state = controller.state();
    if (state == null
        || state == io.svc4j.service.ServiceState.STARTING
        || state == io.svc4j.service.ServiceState.RELOADING) {
      return false;
    }
    log.info(
        "change ignored: {} is {} and reloads only while running",
        controller.options().name(),
        state);
    return true;
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the reload watcher: {}", e.toString());
    }
    thread.interrupt();
  }
}
