package io.svc4j.supervisor.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The control channel's framing, shared by {@link ControlServer} and {@link ControlClient}: one
 * JSON object per line, UTF-8, one {@link ControlRequest} and one {@link ControlReply} per
 * connection; lines have a size limit on both ends.
 */
public final class ControlProtocol {

  /** A request is {@code {"command":"restart"}}: anything longer is not one. */
  public static final int MAX_REQUEST_BYTES = 4096;

  /** A status reply is well under 4 KiB; the limit only stops a runaway peer. */
  public static final int MAX_REPLY_BYTES = 1 << 20;

  /** Unknown fields are ignored, so that either side may add fields without breaking the other. */
  public static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ControlProtocol() {}

  /** Thrown when a line grows past its limit before its newline. */
  public static final class TooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLongException(int limit) {
      super("more than " + limit + " bytes without a newline");
    }
  }

  /**
   * Reads one line (without its newline) from a blocking channel, or returns null at end of stream
   * before any byte. Reads byte-wise from the kernel's buffer in small chunks, never past the
   * limit.
   *
   * @throws TooLongException when {@code limit} bytes came without a newline
   * @throws IOException when the stream ends in the middle of a line, or reading fails
   */
  static String readLine(SocketChannel channel, int limit) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    ByteBuffer buffer = ByteBuffer.allocate(512);
    while (true) {
      buffer.clear();
      // Never ask for more than the limit leaves, so a flood is cut off at the limit.
      buffer.limit(Math.min(buffer.capacity(), limit + 1 - line.size()));
      int n = channel.read(buffer);
      if (n < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new IOException("the connection ended in the middle of a line");
      }
      for (int i = 0; i < n; i++) {
        byte b = buffer.get(i);
        if (b == '\n') {
          // One request per connection: whatever follows the newline is ignored.
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      if (line.size() > limit) {
        throw new TooLongException(limit);
      }
    }
  }

  /** {@code value} as one JSON line, in bytes. */
  static byte[] encode(Object value) throws IOException {
    return (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code value} as one JSON line. */
  static void writeLine(SocketChannel channel, Object value) throws IOException {
    write(channel, encode(value));
  }

  /** Writes all of {@code line}. */
  static void write(SocketChannel channel, byte[] line) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(line);
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
