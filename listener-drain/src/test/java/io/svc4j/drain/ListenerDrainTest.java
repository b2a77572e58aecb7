package io.svc4j.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Real listeners, real connections, the real kernel. */
@EnabledOnOs(OS.LINUX)
class ListenerDrainTest {

  private static final int QUEUED = 3;

  @Test
  void closingAListenerResetsWhatItsAcceptQueueHeld() throws Exception {
    // The problem this class solves, shown on the bare kernel: no drain, close, reset.
    List<SocketChannel> clients = new ArrayList<>();
    try (ServerSocketChannel listener = listen()) {
      for (int i = 0; i < QUEUED; i++) {
        clients.add(connect(listener));
      }
      awaitQueued(listener, QUEUED);
    }
    for (SocketChannel c : clients) {
      assertThatThrownBy(
              () -> {
                c.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()));
                c.read(ByteBuffer.allocate(16));
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("reset");
      c.close();
    }
  }

  @Test
  void newConnectionsStopQueuedOnesAreServedAndCloseRefusesTheLateOnes() throws Exception {
    List<SocketChannel> clients = new ArrayList<>();
    SocketChannel late;
    try (ServerSocketChannel listener = listen()) {
      int port = port(listener);
      for (int i = 0; i < QUEUED; i++) {
        clients.add(connect(listener));
      }
      ListenerDrain drain = ListenerDrain.find(port);
      assertThat(drain.state())
          .as(drain.unsupportedReason().orElse(""))
          .isEqualTo(ListenerDrain.State.LISTENING);
      await().atMost(Duration.ofSeconds(5)).until(() -> drain.queued() == QUEUED);
      assertThat(drain.halfOpen()).isZero();

      assertThat(drain.stopNewConnections()).isTrue();
      assertThat(drain.state()).isEqualTo(ListenerDrain.State.NEW_CONNECTIONS_STOPPED);
      // A connection attempt after the filter: its SYN is dropped, so it stays pending and
      // does not enter the queue.
      late = SocketChannel.open();
      late.configureBlocking(false);
      late.connect(listener.getLocalAddress());
      assertThat(drain.queued()).isEqualTo(QUEUED);
      assertThat(drain.awaitEmpty(Duration.ofMillis(50), Duration.ofMillis(200)))
          .as("not empty while connections are queued")
          .isFalse();

      // The server accepts and answers what was queued.
      for (int i = 0; i < QUEUED; i++) {
        try (SocketChannel accepted = listener.accept()) {
          accepted.write(ByteBuffer.wrap("ok".getBytes()));
        }
      }
      assertThat(drain.awaitEmpty(Duration.ofMillis(50), Duration.ofSeconds(5))).isTrue();
      assertThat(drain.state()).isEqualTo(ListenerDrain.State.EMPTY);
      assertThat(late.finishConnect()).as("the late SYN was dropped, not answered").isFalse();
    }
    for (SocketChannel c : clients) {
      ByteBuffer answer = ByteBuffer.allocate(2);
      while (answer.hasRemaining() && c.read(answer) >= 0) {}
      assertThat(new String(answer.array()))
          .as("a queued connection got its answer")
          .isEqualTo("ok");
      c.close();
    }
    // The late client retransmits its SYN (after about 1 s) and gets a RST: refused.
    SocketChannel lateClient = late;
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              try {
                return lateClient.finishConnect() && false;
              } catch (ConnectException refused) {
                return true;
              }
            });
    lateClient.close();
  }

  @Test
  void aHandshakeUnderWayKeepsTheDrainWaitingUntilItIsQueuedAndAccepted() throws Exception {
    try (ServerSocketChannel listener = listen();
        SocketChannel client = SocketChannel.open()) {
      int port = port(listener);
      ListenerDrain drain = ListenerDrain.find(port);
      // Let only SYNs in: the client's final ACK is dropped, so its handshake stays half-open.
      SynFilter.attach(drain.fd(), ONLY_SYNS);
      client.configureBlocking(false);
      client.connect(listener.getLocalAddress());
      await().atMost(Duration.ofSeconds(5)).until(() -> drain.halfOpen() == 1);
      assertThat(drain.queued()).isZero();

      assertThat(drain.stopNewConnections()).isTrue(); // SYNs out, ACKs in from now on
      assertThat(drain.awaitEmpty(Duration.ofMillis(50), Duration.ofMillis(300)))
          .as("a half-open handshake is not empty")
          .isFalse();
      // The server retransmits its SYN-ACK, the client's ACK now passes: the connection is queued.
      await().atMost(Duration.ofSeconds(10)).until(() -> drain.queued() == 1);
      assertThat(drain.halfOpen()).isZero();
      listener.accept().close();
      assertThat(drain.awaitEmpty(Duration.ofMillis(50), Duration.ofSeconds(5))).isTrue();
    }
  }

  /** Keeps segments with SYN set and ACK clear, drops the rest. */
  private static final int[][] ONLY_SYNS = {
    {0x30, 0, 0, 13},
    {0x54, 0, 0, 0x12},
    {0x15, 0, 1, 0x02},
    {0x06, 0, 0, 0xFFFFFFFF},
    {0x06, 0, 0, 0}
  };

  @Test
  void withoutASocketOfOursOnThePortTheDrainIsUnsupportedAndDoesNothing() throws Exception {
    int port;
    try (ServerSocketChannel gone = listen()) {
      port = port(gone);
    }
    ListenerDrain drain = ListenerDrain.find(port);
    assertThat(drain.state()).isEqualTo(ListenerDrain.State.UNSUPPORTED);
    assertThat(drain.unsupportedReason()).get().asString().contains("no listening TCP socket");
    assertThat(drain.stopNewConnections()).isFalse();
    assertThat(drain.awaitEmpty(Duration.ZERO, Duration.ZERO)).isFalse();
  }

  private static ServerSocketChannel listen() throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    return s;
  }

  private static int port(ServerSocketChannel s) throws IOException {
    return ((InetSocketAddress) s.getLocalAddress()).getPort();
  }

  private static SocketChannel connect(ServerSocketChannel listener) throws IOException {
    return SocketChannel.open(listener.getLocalAddress());
  }

  private static void awaitQueued(ServerSocketChannel listener, int n) throws IOException {
    ListenerDrain drain = ListenerDrain.find(port(listener));
    await().atMost(Duration.ofSeconds(5)).until(() -> drain.queued() == n);
  }
}
