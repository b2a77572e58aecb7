package io.svc4j.watcher.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cause of the JDK backend's lost files: a key signalled between its registration and the
 * moment the registering thread puts it in the map of directories. Here that moment is made to
 * last: the key is registered and never put in the map.
 */
class WatchKeyReaderTest {

  @TempDir Path dir;

  @Test
  void eventsOfAKeyNotYetInTheMapAreReportedUnderTheDirectoryItWasRegisteredFor() throws Exception {
    Path d = dir.toRealPath();
    List<RawEvent> got = new CopyOnWriteArrayList<>();
    try (WatchService service = FileSystems.getDefault().newWatchService()) {
      d.register(service, StandardWatchEventKinds.ENTRY_CREATE);
      Map<WatchKey, Path> dirs = new ConcurrentHashMap<>(); // the registering thread is late
      Thread reader = Thread.ofPlatform().start(() -> WatchKeyReader.run(service, dirs, got::add));
      Files.writeString(d.resolve("early"), "x");
      Files.writeString(d.resolve("late"), "x");
      // Before the fix both were dropped, for want of a directory to name them under.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  got.contains(RawEvent.path(d.resolve("early")))
                      && got.contains(RawEvent.path(d.resolve("late"))));
      service.close();
      reader.join(Duration.ofSeconds(10));
      assertThat(reader.isAlive()).isFalse();
    }
  }
}
