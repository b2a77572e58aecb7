package io.svc4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.svc4j.supervisor.control.ControlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the CLI decides that a service is supervised: a supervisor answers on the service's
 * control socket. {@code status}, {@code restart} and {@code start|stop --child} all ask here.
 */
final class SupervisorChannel {

  private final String service;
  private final Path socket;
  private final JsonNode firstStatus;

  private SupervisorChannel(String service, Path socket, JsonNode firstStatus) {
    this.service = service;
    this.socket = socket;
    this.firstStatus = firstStatus;
  }

  /** Where the control socket of {@code name} would be, whether or not anything listens. */
  static Path socketOf(CliContext context, String name) {
    return context.controlSockets().apply(name);
  }

  /**
   * The channel of {@code name}, or null when no supervisor answers: a direct service, a service
   * that is not running, or a platform without such sockets (Wine's AF_UNIX).
   */
  static SupervisorChannel find(CliContext context, String name) {
    try {
      Path socket = socketOf(context, name);
      // Asking for the status at once rather than probing first: an empty probe connection is
      // one more connection for the supervisor to answer, and the status is needed anyway.
      return new SupervisorChannel(name, socket, ControlClient.send(socket, "status"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  Path socket() {
    return socket;
  }

  /** The status the supervisor answered when it was found. */
  JsonNode firstStatus() {
    return firstStatus;
  }

  /** The supervisor's status answer now; throws when it stopped answering. */
  JsonNode status() throws IOException {
    return ControlClient.send(socket, "status");
  }

  /**
   * Sends {@code command} and waits at most {@code timeout} for the answer (the supervisor answers
   * {@code stop} and {@code restart} only once the old child's tree is gone).
   *
   * @throws ChildControlException when the answer does not come in time or the channel broke
   */
  JsonNode send(String command, Duration timeout) {
    var answer = new CompletableFuture<JsonNode>();
    // A virtual thread: if the answer is late the CLI gives up and exits without waiting for it.
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                answer.complete(ControlClient.send(socket, command));
              } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ChildControlException(
          "the supervisor of "
              + service
              + " did not answer '"
              + command
              + "' within "
              + Durations.format(timeout)
              + " (the child's stop timeout may be longer): raise --timeout or see 'svc4j status "
              + service
              + "'");
    } catch (ExecutionException e) {
      throw new ChildControlException(
          "the supervisor of "
              + service
              + " at "
              + socket
              + " stopped answering during '"
              + command
              + "': "
              + e.getCause().getMessage()
              + "; see 'svc4j status "
              + service
              + "'");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildControlException("interrupted while waiting for the supervisor of " + service);
    }
  }
}
