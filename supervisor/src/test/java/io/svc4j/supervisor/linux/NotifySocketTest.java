package io.svc4j.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.os.NotifyMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify socket on its own: datagrams in, and a close that does not wait for its reader. */
class NotifySocketTest {

  @TempDir Path tmp;

  @Test
  void closeWakesTheReaderInsteadOfWaitingForItsPollTimeout() throws Exception {
    // No poll timeout at all (what the supervisor uses): only the wake-up can end the reader.
    var socket = NotifySocket.bind(tmp.resolve("n.sock"), m -> {}, -1);
    assertThat(socket.isReading()).isTrue();

    socket.close();

    await().atMost(10, TimeUnit.SECONDS).until(() -> !socket.isReading());
    assertThat(socket.path()).doesNotExist();
  }

  @Test
  void datagramsReachTheSinkUntilClosed() throws Exception {
    List<NotifyMessage> got = new CopyOnWriteArrayList<>();
    Path path = tmp.resolve("n.sock");
    try (var socket = NotifySocket.bind(path, got::add)) {
      send(path, "READY=1\nSTATUS=up");
      await().atMost(30, TimeUnit.SECONDS).until(() -> !got.isEmpty());
      assertThat(got.get(0).ready()).isTrue();
      assertThat(got.get(0).status()).contains("up");
    }
    assertThat(Files.exists(path)).isFalse();
  }

  private static void send(Path socket, String message) throws Exception {
    var p =
        new ProcessBuilder(
                "python3",
                "-c",
                "import socket, sys; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);"
                    + " s.sendto(sys.argv[2].encode(), sys.argv[1])",
                socket.toString(),
                message)
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
  }
}
