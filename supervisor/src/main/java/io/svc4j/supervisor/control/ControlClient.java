package io.svc4j.supervisor.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Talks to a supervisor's {@link ControlServer}: for {@code svc4j status | restart | stop}. Every
 * exchange has a time limit covering connect, request and reply, so a hung supervisor can delay the
 * CLI by at most that limit.
 */
public final class ControlClient {

  private ControlClient() {}

  /** Nobody listens at the socket: no such file, or the supervisor that made it is gone. */
  public static final class NotListeningException extends IOException {
    private static final long serialVersionUID = 1L;

    NotListeningException(Path socket, IOException cause) {
      super("no supervisor listens on " + socket + " (" + cause.getMessage() + ")", cause);
    }
  }

  /** A supervisor accepted the connection but gave no (complete, readable) answer in time. */
  public static final class NoAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    NoAnswerException(String message, boolean timedOut) {
      super(message);
      this.timedOut = timedOut;
    }

    /** True when the time limit passed; false when the supervisor closed or garbled its answer. */
    public boolean timedOut() {
      return timedOut;
    }
  }

  /**
   * Sends {@code command} and returns the supervisor's reply; {@link ControlReply#ok()} tells
   * whether it worked, {@link ControlReply#error()} why not.
   *
   * @param timeout for the whole exchange: connecting, sending and the reply
   * @throws NotListeningException when no supervisor listens at {@code socket}
   * @throws NoAnswerException when one does but its answer does not come within {@code timeout}
   */
  public static ControlReply send(Path socket, SupervisorCommand command, Duration timeout)
      throws IOException {
    // Encoding and decoding stay outside the time limit: a cold JVM spends a while loading
    // Jackson, which says nothing about the supervisor.
    checkDirectory(socket);
    byte[] request = ControlProtocol.encode(new ControlRequest(command));
    String line = exchange(socket, command, timeout, request);
    try {
      return ControlProtocol.JSON.readValue(line, ControlReply.class);
    } catch (IOException e) {
      throw new NoAnswerException(
          "the supervisor at " + socket + " gave no readable answer: " + e.getMessage(), false);
    }
  }

  /**
   * An operator's command must not reach a socket that another user put in the supervisor's place
   * (see {@link ControlDirectory}); a missing directory is left to the connect, which then finds
   * nobody listening.
   */
  private static void checkDirectory(Path socket) throws IOException {
    Path dir = socket.toAbsolutePath().getParent();
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")
        && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      ControlDirectory.verify(dir);
    }
  }

  /** Connects, sends {@code request} and reads the reply line, all within {@code timeout}. */
  private static String exchange(
      Path socket, SupervisorCommand command, Duration timeout, byte[] request) throws IOException {
    SocketChannel opened;
    try {
      opened = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      // No AF_UNIX here (older Windows, Wine): then no supervisor can listen either.
      throw new NotListeningException(socket, new IOException(e.toString(), e));
    }
    try (SocketChannel channel = opened;
        var deadline = Deadline.after(timeout, channel)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        if (deadline.expired()) {
          throw noAnswer(socket, command, timeout, "could not even connect");
        }
        throw new NotListeningException(socket, e);
      }
      try {
        try {
          ControlProtocol.write(channel, request);
        } catch (IOException refused) {
          // A supervisor that refuses a connection (busy) answers and closes before reading the
          // request: the write fails, and the answer waits to be read.
          if (deadline.expired()) {
            throw refused;
          }
        }
        String line = ControlProtocol.readLine(channel, ControlProtocol.MAX_REPLY_BYTES);
        if (line == null) {
          throw new NoAnswerException(
              "the supervisor at " + socket + " closed the connection without answering", false);
        }
        return line;
      } catch (NoAnswerException e) {
        throw e;
      } catch (IOException e) {
        if (deadline.expired()) {
          throw noAnswer(socket, command, timeout, "no answer");
        }
        throw new NoAnswerException(
            "the supervisor at " + socket + " broke the connection: " + e.getMessage(), false);
      }
    }
  }

  private static NoAnswerException noAnswer(
      Path socket, SupervisorCommand command, Duration timeout, String what) {
    return new NoAnswerException(
        "the supervisor at "
            + socket
            + " does not answer: "
            + what
            + " to '"
            + command.wire()
            + "' within "
            + timeout.toMillis()
            + " ms",
        true);
  }

  /** Whether a supervisor accepts connections at {@code socket}. */
  public static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // nobody listens, or no AF_UNIX here (Wine)
    }
  }
}
