package io.svc4j.cli.control;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlDirectory;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one way the CLI decides that a service is supervised: a supervisor answers on the service's
 * control socket. {@code status}, {@code restart} and {@code start|stop --child} all ask here.
 * Every exchange is bounded in time, so a hung supervisor costs the CLI one timeout and one line,
 * never a hang.
 */
public final class SupervisorChannel {

  private final String service;
  private final Path socket;
  private final Duration statusTimeout;
  private final SupervisedStatus firstStatus;

  private SupervisorChannel(
      String service, Path socket, Duration statusTimeout, SupervisedStatus firstStatus) {
    this.service = service;
    this.socket = socket;
    this.statusTimeout = statusTimeout;
    this.firstStatus = firstStatus;
  }

  /** Where the control socket of {@code name} would be, whether or not anything listens. */
  static Path socketOf(CliContext context, String name) {
    return context.controlSockets().apply(name);
  }

  /**
   * The channel of {@code name}, or null when no supervisor listens: a direct service, a service
   * that is not running, or a platform without such sockets (Wine's AF_UNIX).
   *
   * @throws ChildControlException when a supervisor listens but does not answer within the
   *     context's control timeout (one line saying so)
   */
  public static SupervisorChannel find(CliContext context, String name) {
    Path socket = socketOf(context, name);
    Duration timeout = context.controlTimeout();
    ControlReply reply;
    try {
      // Asking for the status at once rather than probing first: an empty probe connection is
      // one more connection for the supervisor to answer, and the status is needed anyway.
      reply = ControlClient.send(socket, SupervisorCommand.STATUS, timeout);
    } catch (ControlClient.NotListeningException | UnsupportedOperationException e) {
      return null;
    } catch (ControlDirectory.UntrustedDirectoryException e) {
      throw new ChildControlException(e.getMessage());
    } catch (IOException e) {
      throw doesNotAnswer(name, socket, timeout, e);
    }
    if (!reply.ok() || reply.status() == null) {
      throw new ChildControlException(
          "the supervisor of "
              + name
              + " at "
              + socket
              + " refused 'status': "
              + (reply.error() == null ? "no reason given" : reply.error()));
    }
    return new SupervisorChannel(name, socket, timeout, reply.status());
  }

  private static ChildControlException doesNotAnswer(
      String name, Path socket, Duration timeout, IOException why) {
    return new ChildControlException(
        "the supervisor of "
            + name
            + " does not answer on "
            + socket
            + " ("
            + (why instanceof ControlClient.NoAnswerException n && n.timedOut()
                ? "no reply within " + Durations.format(timeout)
                : why.getMessage())
            + "); it may be hung: see 'journalctl -u "
            + name
            + "', or restart the whole service with 'svc4j restart "
            + name
            + " --service'");
  }

  Path socket() {
    return socket;
  }

  /** The status the supervisor answered when it was found. */
  public SupervisedStatus firstStatus() {
    return firstStatus;
  }

  /** The supervisor's status answer now. */
  SupervisedStatus status() throws IOException {
    ControlReply reply = ControlClient.send(socket, SupervisorCommand.STATUS, statusTimeout);
    if (!reply.ok() || reply.status() == null) {
      throw new IOException("status refused: " + reply.error());
    }
    return reply.status();
  }

  /**
   * The supervisor's Prometheus metrics (text format).
   *
   * @throws ChildControlException when it does not answer in time or refuses
   */
  public String metrics() {
    ControlReply reply = send(SupervisorCommand.METRICS, statusTimeout);
    if (!reply.ok() || reply.metrics() == null) {
      throw new ChildControlException(
          "the supervisor of "
              + service
              + " refused 'metrics': "
              + (reply.error() == null ? "no metrics in its answer" : reply.error())
              + " (a supervisor older than this svc4j? restart the service)");
    }
    return reply.metrics();
  }

  /**
   * Sends {@code command} and waits at most {@code timeout} for the answer (the supervisor answers
   * {@code stop} and {@code restart} only once the old child's tree is gone).
   *
   * @throws ChildControlException when the answer does not come in time or the channel broke
   */
  ControlReply send(SupervisorCommand command, Duration timeout) {
    try {
      return ControlClient.send(socket, command, timeout);
    } catch (ControlClient.NoAnswerException e) {
      if (!e.timedOut()) {
        throw stoppedAnswering(command, e);
      }
      throw new ChildControlException(
          "the supervisor of "
              + service
              + " did not answer '"
              + command.wire()
              + "' within "
              + Durations.format(timeout)
              + " (the child's stop timeout may be longer): raise --timeout or see 'svc4j status "
              + service
              + "'");
    } catch (IOException e) {
      throw stoppedAnswering(command, e);
    }
  }

  private ChildControlException stoppedAnswering(SupervisorCommand command, IOException e) {
    return new ChildControlException(
        "the supervisor of "
            + service
            + " at "
            + socket
            + " stopped answering during '"
            + command.wire()
            + "': "
            + e.getMessage()
            + "; see 'svc4j status "
            + service
            + "'");
  }
}
