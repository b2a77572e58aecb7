package io.svc4j.supervisor.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A hand-written control client, for what the typed {@link ControlClient} never sends: unknown
 * commands, garbage, silence, floods.
 */
final class RawClient implements AutoCloseable {

  final SocketChannel channel;

  private RawClient(SocketChannel channel) {
    this.channel = channel;
  }

  static RawClient connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return new RawClient(channel);
  }

  /** Sends {@code request} as it is and returns the reply line (without its newline). */
  static String exchange(Path socket, String request) throws IOException {
    try (RawClient client = connect(socket)) {
      client.write(request);
      return client.readAll().strip();
    }
  }

  void write(String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /**
   * Everything the server sends until it closes the connection: an end of stream, or a reset when
   * it closed with bytes of ours unread (Linux resets a Unix socket's peer then).
   */
  String readAll() throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    try {
      while (channel.read(buffer.clear()) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
      }
    } catch (java.net.SocketException reset) {
      if (!String.valueOf(reset.getMessage()).contains("reset")) {
        throw reset;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
