package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.watcher.backend.RawEvent;
import io.svc4j.watcher.backend.WatchBackend;
import io.svc4j.watcher.backend.WatchLimitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch-limit message (the kernel's ENOSPC, as the JDK reports it) with a backend that runs out
 * after a few watches: a unit test of the engine's logic, the limit itself cannot be lowered here.
 */
class WatchLimitTest {

  @TempDir Path dir;

  private static final class LimitedBackend implements WatchBackend {
    int left = 3;
    boolean closed;

    @Override
    public void start(Consumer<RawEvent> sink) {}

    @Override
    public void watch(Path d) throws IOException {
      if (left-- <= 0) {
        throw new WatchLimitException("User limit of inotify watches reached");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void reachingTheLimitAtStartIsOneLineNamingTheNeedAndTheSysctl() throws IOException {
    for (int i = 0; i < 9; i++) {
      Files.createDirectories(dir.resolve("d" + i));
    }
    LimitedBackend backend = new LimitedBackend();
    WatchEngine engine = new WatchEngine(WatchOptions.of(List.of(dir)), backend, b -> {});
    assertThatThrownBy(engine::start)
        .isInstanceOf(WatchLimitException.class)
        .hasMessageContaining("need 10 directory watches")
        .hasMessageContaining("fs.inotify.max_user_watches is ")
        .hasMessageContaining("sudo sysctl fs.inotify.max_user_watches=")
        .hasMessageNotContaining("\n");
    assertThat(backend.closed).isTrue();
  }
}
