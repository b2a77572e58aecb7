package io.svc4j.supervisor.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.svc4j.supervisor.windows.WindowsDirectories;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's local control channel: a Unix domain stream socket speaking one JSON line each
 * way per connection ({@link ControlRequest} → {@link ControlReply}, see {@link ControlProtocol}).
 *
 * <p>Why a Unix socket rather than loopback HTTP with a token: nothing listens on the network at
 * all, the file's permissions (0600, in a 0700 directory) are the authentication, there is no token
 * to generate, store, rotate or leak into a command line, and the JDK speaks it natively.
 *
 * <p>No client can hold the channel: each connection is served on its own virtual thread, so a
 * {@code stop} that waits out the child's stop timeout does not delay a {@code status}; a client
 * that sends nothing, or too much, or too slowly, is cut off after {@link Limits#requestTimeout} or
 * {@link ControlProtocol#MAX_REQUEST_BYTES}; and past {@link Limits#maxClients} connections at
 * once, a new one is answered "busy" at once instead of queueing behind them.
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  /**
   * The bounds on clients.
   *
   * @param maxClients connections served at once; more are answered "busy" and closed
   * @param requestTimeout how long a client has to send its whole request line
   * @param replyTimeout how long writing the reply may take (a client that does not read)
   */
  public record Limits(int maxClients, Duration requestTimeout, Duration replyTimeout) {
    public static final Limits DEFAULT =
        new Limits(16, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  private final Path path;
  private final ServerSocketChannel server;
  private final Function<SupervisorCommand, ControlReply> handler;
  private final Limits limits;
  private final Semaphore slots;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private ControlServer(
      Path path,
      ServerSocketChannel server,
      Function<SupervisorCommand, ControlReply> handler,
      Limits limits) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.limits = limits;
    this.slots = new Semaphore(limits.maxClients());
    this.acceptor =
        Thread.ofPlatform()
            .daemon()
            .name("svc4j-control-" + path.getFileName())
            .unstarted(this::acceptLoop);
  }

  /** {@link #start(Path, Function, Limits)} with {@link Limits#DEFAULT}. */
  public static ControlServer start(Path path, Function<SupervisorCommand, ControlReply> handler)
      throws IOException {
    return start(path, handler, Limits.DEFAULT);
  }

  /**
   * Listens at {@code path}. A socket file left by a supervisor that died is replaced; one that
   * still answers means another supervisor of the same name runs, which is an error.
   *
   * @param handler maps a command to its reply; called on a virtual thread per connection, so calls
   *     may overlap and may block
   */
  public static ControlServer start(
      Path path, Function<SupervisorCommand, ControlReply> handler, Limits limits)
      throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!posix) {
      // %ProgramData% lets every user create there: svc4j's own DACL, weaker existing ones refused.
      WindowsDirectories.secure(dir, "runtime");
    } else {
      ControlDirectory.ensure(dir);
    }
    if (Files.exists(path)) {
      if (ControlClient.answers(path)) {
        throw new IOException(
            "another supervisor already listens on " + path + " (is the service running twice?)");
      }
      Files.delete(path); // left by a supervisor that was killed
    }
    ServerSocketChannel server =
        posix ? bindOwnerOnly(path) : ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    if (!posix) {
      server.bind(UnixDomainSocketAddress.of(path));
    }
    var control = new ControlServer(path, server, handler, limits);
    control.acceptor.start();
    return control;
  }

  /**
   * Binds in a fresh 0700 directory next to {@code path}, makes the socket 0600 there and only then
   * renames it into place: bind(2) creates the file with the process's umask, and a socket that
   * showed up at {@code path} with that mode could be connected to by anyone before a chmod.
   */
  private static ServerSocketChannel bindOwnerOnly(Path path) throws IOException {
    Path staging = Files.createTempDirectory(path.getParent(), ".bind-"); // 0700, fresh name
    Path staged = staging.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(staged));
      Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
      Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(staged);
      throw e;
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  public Path path() {
    return path;
  }

  /** Connections being served now. */
  public int activeClients() {
    return clients.size();
  }

  // The acceptor never reads nor waits on a client: it only hands connections out.
  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("Control socket {} failed to accept: {}", path, e.toString());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        refuseBusy(client);
        continue;
      }
      clients.add(client);
      Thread.ofVirtual()
          .name("svc4j-control-client")
          .start(
              () -> {
                try {
                  serve(client);
                } finally {
                  clients.remove(client);
                  closeQuietly(client);
                  slots.release();
                }
              });
    }
  }

  private void refuseBusy(SocketChannel client) {
    try (client) {
      // Non-blocking: a short line into a fresh socket's empty buffer, or nothing at all.
      client.configureBlocking(false);
      ControlProtocol.writeLine(
          client,
          ControlReply.failed(
              "busy: " + limits.maxClients() + " control connections are open; try again"));
    } catch (IOException e) {
      log.debug("Refusing a control connection on {}: {}", path, e.toString());
    }
  }

  private void serve(SocketChannel client) {
    String line;
    try (var deadline = Deadline.after(limits.requestTimeout(), client)) {
      try {
        line = ControlProtocol.readLine(client, ControlProtocol.MAX_REQUEST_BYTES);
      } catch (ControlProtocol.TooLongException e) {
        reply(client, ControlReply.failed("bad request: " + e.getMessage()));
        return;
      } catch (IOException e) {
        if (deadline.expired()) {
          log.debug(
              "Control client on {} sent no request within {}; closed",
              path,
              limits.requestTimeout());
        } else if (!closed) {
          log.debug("Control connection on {} failed: {}", path, e.toString());
        }
        return;
      }
    }
    if (line == null) {
      return; // a liveness probe (ControlClient.answers): connected, sent nothing, gone
    }
    ControlReply response;
    try {
      SupervisorCommand command =
          ControlProtocol.JSON.readValue(line, ControlRequest.class).command();
      if (command == null) {
        throw new IllegalArgumentException("no command");
      }
      response = handler.apply(command);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException bad ? bad : e;
      response =
          ControlReply.failed(
              cause == e ? "bad request: not a JSON request line" : cause.getMessage());
    } catch (RuntimeException e) {
      response = ControlReply.failed("bad request: " + e.getMessage());
    }
    reply(client, response);
  }

  private void reply(SocketChannel client, ControlReply response) {
    try (var deadline = Deadline.after(limits.replyTimeout(), client)) {
      ControlProtocol.writeLine(client, response);
    } catch (IOException e) {
      log.debug("Control reply on {} not delivered: {}", path, e.toString());
    }
  }

  private static void closeQuietly(SocketChannel client) {
    try {
      client.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
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
    clients.forEach(ControlServer::closeQuietly);
  }
}
