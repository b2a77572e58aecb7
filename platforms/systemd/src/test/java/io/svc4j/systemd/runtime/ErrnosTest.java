package io.svc4j.systemd.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrnosTest {

  @Test
  void realBindConflictIsEaddrinuse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      BindException conflict = null;
      try (ServerSocket second =
          new ServerSocket(taken.getLocalPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
        // unreachable: the port is taken
      } catch (BindException e) {
        conflict = e;
      }
      assertThat(conflict).isNotNull();
      assertThat(Errnos.of(new IllegalStateException("wrapped", conflict)))
          .hasValue(Errnos.EADDRINUSE);
    }
  }

  @Test
  void mapsOnlyUnambiguousCauses() {
    assertThat(Errnos.of(new UncheckedIOException(new NoSuchFileException("/etc/app.conf"))))
        .hasValue(Errnos.ENOENT);
    assertThat(Errnos.of(new LastErrorException(13))).hasValue(13);
    assertThat(Errnos.of(new BindException("Cannot assign requested address")))
        .hasValue(Errnos.EADDRNOTAVAIL);
    assertThat(Errnos.of(new BindException("something else"))).isEmpty();
    assertThat(Errnos.of(new IllegalStateException("boom"))).isEmpty();
    assertThat(Errnos.of(new IOException("disk"))).isEmpty();
  }
}
