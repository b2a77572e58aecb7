package io.svc4j.cli.control;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Starts, stops and restarts only the supervised child through the supervisor's control channel:
 * the service, the supervisor process and its log files stay, and the outer manager (systemd, the
 * SCM) sees no restart.
 */
public final class ChildControl {

  private static final Duration POLL = Duration.ofMillis(250);

  private final CliContext context;
  private final String name;
  private final SupervisorChannel channel;

  private ChildControl(CliContext context, String name, SupervisorChannel channel) {
    this.context = context;
    this.name = name;
    this.channel = channel;
  }

  /** The child control of {@code name}, or null when no supervisor answers for it. */
  public static ChildControl find(CliContext context, String name) {
    SupervisorChannel channel = SupervisorChannel.find(context, name);
    return channel == null ? null : new ChildControl(context, name, channel);
  }

  /**
   * The child control of {@code name} for {@code verb --child}; when no supervisor answers, throws
   * one line saying why (not installed, not running, or not supervised) and what to do instead.
   */
  public static ChildControl require(
      CliContext context, Supplier<ServiceManager> manager, String name, SupervisorCommand verb) {
    ChildControl control = find(context, name);
    if (control != null) {
      return control;
    }
    ServiceStatus status = manager.get().status(name);
    String what = "'" + verb.wire() + " --child'";
    if (status.state() == ServiceStatus.State.NOT_INSTALLED) {
      throw new ManagerException(
          what + " needs an installed service: '" + name + "' is not installed (see 'svc4j list')",
          4,
          null);
    }
    String socket = SupervisorChannel.socketOf(context, name).toString();
    if (status.state().statusExitCode() != 0) {
      throw new ChildControlException(
          what
              + " needs the supervisor of "
              + name
              + " running, and the service is "
              + StatusPrinter.stateWord(status.state())
              + ": start the whole service with 'svc4j start "
              + name
              + "'");
    }
    throw new ChildControlException(
        what
            + " needs a supervised service, and no supervisor answers for "
            + name
            + " at "
            + socket
            + " (a --direct service?): use 'svc4j "
            + verb.wire()
            + " "
            + name
            + "' to act on the whole service");
  }

  public int restart(Duration timeout, boolean noWait) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SupervisedStatus before = channel.firstStatus();
    SupervisedStatus answer = command(SupervisorCommand.RESTART, timeout);
    if (noWait) {
      context.out().println("Restart of the child of " + name + " requested: " + brief(answer));
      return 0;
    }
    SupervisedStatus running =
        awaitRunning(ChildProgress.afterRestart(before), answer, deadline, timeout);
    context
        .out()
        .println(
            "Restarted the child of "
                + name
                + ": "
                + brief(running)
                + " (the service itself kept running)");
    return 0;
  }

  public int start(Duration timeout, boolean noWait) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SupervisedStatus before = channel.firstStatus();
    SupervisedStatus answer = command(SupervisorCommand.START, timeout);
    if (noWait) {
      context.out().println("Start of the child of " + name + " requested: " + brief(answer));
      return 0;
    }
    SupervisedStatus running =
        awaitRunning(ChildProgress.afterStart(before), answer, deadline, timeout);
    context.out().println("Started the child of " + name + ": " + brief(running));
    return 0;
  }

  public int stop(Duration timeout) {
    SupervisedStatus answer = command(SupervisorCommand.STOP, timeout);
    context
        .out()
        .println(
            "Stopped the child of "
                + name
                + ": "
                + brief(answer)
                + " (the service stays active; 'svc4j start "
                + name
                + " --child' starts it again)");
    return 0;
  }

  /** Stops every process of the child's tree (SIGSTOP) until {@link #resume}. */
  public int pause(Duration timeout) {
    SupervisedStatus answer = command(SupervisorCommand.PAUSE, timeout);
    context
        .out()
        .println(
            "Paused the child of "
                + name
                + ": "
                + brief(answer)
                + " (its processes are stopped; 'svc4j resume "
                + name
                + "' continues them)");
    return 0;
  }

  /** Continues the paused child's tree (SIGCONT). */
  public int resume(Duration timeout) {
    SupervisedStatus answer = command(SupervisorCommand.RESUME, timeout);
    context.out().println("Resumed the child of " + name + ": " + brief(answer));
    return 0;
  }

  /** The child's status after {@code command} worked. */
  private SupervisedStatus command(SupervisorCommand command, Duration timeout) {
    ControlReply answer =
        channel.send(command, timeout.isZero() ? Duration.ofSeconds(60) : timeout);
    if (!answer.ok() || answer.status() == null) {
      throw new ChildControlException(
          "the supervisor of "
              + name
              + " refused '"
              + command.wire()
              + "': "
              + (answer.error() == null ? "no reason given" : answer.error()));
    }
    return answer.status();
  }

  private SupervisedStatus awaitRunning(
      ChildProgress progress, SupervisedStatus last, long deadline, Duration timeout) {
    while (true) {
      switch (progress.judge(last)) {
        case RUNNING -> {
          return last;
        }
        case ENDED ->
            throw new ChildControlException(
                "the child of "
                    + name
                    + " ended "
                    + ChildProgress.state(last)
                    + " instead of running: "
                    + reason(last)
                    + " (see 'svc4j logs "
                    + name
                    + "')");
        case WAITING -> {}
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new ChildControlException(
            "the child of "
                + name
                + " is still "
                + ChildProgress.state(last)
                + " after "
                + Durations.format(timeout)
                + " ("
                + reason(last)
                + "): raise --timeout, or see 'svc4j status "
                + name
                + "' and 'svc4j logs "
                + name
                + "'");
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChildControlException("interrupted while waiting for the child of " + name);
      }
      last = status(last);
    }
  }

  /** The current status; {@code last} is what was seen before, for the message if it fails. */
  private SupervisedStatus status(SupervisedStatus last) {
    try {
      return channel.status();
    } catch (IOException e) {
      throw new ChildControlException(
          "the supervisor of "
              + name
              + " stopped answering while its child was "
              + ChildProgress.state(last)
              + " ("
              + reason(last)
              + ")"
              + "; it may have given up: see 'svc4j status "
              + name
              + "' and 'svc4j logs "
              + name
              + "'");
    }
  }

  /** "RUNNING, pid 1234" or "STOPPED (stopped on request)". */
  static String brief(SupervisedStatus status) {
    String state = ChildProgress.state(status);
    if (status.pid() > 0) {
      return state + ", pid " + status.pid();
    }
    String reason = reason(status);
    return reason.isEmpty() ? state : state + " (" + reason + ")";
  }

  private static String reason(SupervisedStatus status) {
    return status.reason() == null ? "" : status.reason();
  }
}
