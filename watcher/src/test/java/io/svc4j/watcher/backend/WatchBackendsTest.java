package io.svc4j.watcher.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which backend the machine gets. macOS is simulated by its {@code os.name}: what runs there is
 * chosen from that name alone (no macOS machine has run this).
 */
class WatchBackendsTest {

  @Test
  void macOsGetsThePollingBackendWithItsDefaultInterval() throws Exception {
    String real = System.getProperty("os.name");
    System.setProperty("os.name", "Mac OS X");
    WatchBackend backend;
    try {
      backend = WatchBackends.preferred();
    } finally {
      System.setProperty("os.name", real);
    }
    try (backend) {
      assertThat(backend).isInstanceOf(PollBackend.class);
      assertThat(((PollBackend) backend).interval()).isEqualTo(PollBackend.DEFAULT_INTERVAL);
    }
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
  void linuxGetsInotify() throws Exception {
    try (WatchBackend backend = WatchBackends.preferred()) {
      assertThat(backend).isInstanceOf(InotifyBackend.class);
    }
  }
}
