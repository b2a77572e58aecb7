package io.svc4j.supervisor.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Talks to a supervisor's {@link ControlServer}: for {@code svc4j status | restart | stop}. */
public final class ControlClient {

  private ControlClient() {}

  /**
   * Sends {@code command} ({@code status}, {@code start}, {@code stop}, {@code restart}) and
   * returns the response object; {@code ok} tells whether it worked, {@code error} why not.
   *
   * @throws IOException when no supervisor listens at {@code socket}
   */
  public static JsonNode send(Path socket, String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      String request =
          ControlServer.JSON.createObjectNode().put("command", command).toString() + "\n";
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      var reader =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null) {
        throw new IOException("the supervisor at " + socket + " closed the connection");
      }
      return ControlServer.JSON.readTree(line);
    }
  }

  /** Whether a supervisor answers at {@code socket}. */
  public static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // nobody listens, or no AF_UNIX here (Wine)
    }
  }
}
