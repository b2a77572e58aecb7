package io.svc4j.supervisor.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's local control channel: a Unix domain stream socket speaking one JSON object per
 * line, one request and one response per connection ({@code {"command":"status"}} → {@code
 * {"ok":true,...}}).
 *
 * <p>Why a Unix socket rather than loopback HTTP with a token: nothing listens on the network at
 * all, the file's permissions (0600, in a 0700 directory) are the authentication, there is no token
 * to generate, store, rotate or leak into a command line, and the JDK speaks it natively.
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final ServerSocketChannel server;
  private final Function<String, ObjectNode> handler;
  private final Thread acceptor;
  private volatile boolean closed;

  private ControlServer(
      Path path, ServerSocketChannel server, Function<String, ObjectNode> handler) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.acceptor =
        Thread.ofPlatform()
            .daemon()
            .name("svc4j-control-" + path.getFileName())
            .unstarted(this::serve);
  }

  /**
   * Listens at {@code path}. A socket file left by a supervisor that died is replaced; one that
   * still answers means another supervisor of the same name runs, which is an error.
   *
   * @param handler maps a command to its response (called on a control thread)
   */
  public static ControlServer start(Path path, Function<String, ObjectNode> handler)
      throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir); // Windows: %ProgramData% ACLs (see docs/supervisor.md)
      }
    }
    if (Files.exists(path)) {
      if (ControlClient.answers(path)) {
        throw new IOException(
            "another supervisor already listens on " + path + " (is the service running twice?)");
      }
      Files.delete(path); // left by a supervisor that was killed
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    if (posix) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
    var control = new ControlServer(path, server, handler);
    control.acceptor.start();
    return control;
  }

  public Path path() {
    return path;
  }

  private void serve() {
    while (!closed) {
      try (SocketChannel client = server.accept()) {
        answer(client);
      } catch (IOException e) {
        if (!closed) {
          log.warn("Control connection on {} failed: {}", path, e.toString());
        }
      }
    }
  }

  private void answer(SocketChannel client) throws IOException {
    var reader =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) {
      return; // a liveness probe (ControlClient.answers): connected, sent nothing, gone
    }
    ObjectNode response;
    try {
      String command = JSON.readTree(line).path("command").asText("");
      response = handler.apply(command);
    } catch (IOException | RuntimeException e) {
      response = errorResponse("bad request: " + e.getMessage());
    }
    OutputStream out = Channels.newOutputStream(client);
    out.write((JSON.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A failure response: {@code {"ok":false,"error":message}}. */
  public static ObjectNode errorResponse(String message) {
    return JSON.createObjectNode().put("ok", false).put("error", message);
  }

  /** The mapper responses are built with. */
  public static ObjectMapper json() {
    return JSON;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("Closing {}: {}", path, e.toString());
    }
  }
}
