package io.svc4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts, stops and restarts only the supervised child through the supervisor's control channel:
 * the service, the supervisor process and its log files stay, and the outer manager (systemd, the
 * SCM) sees no restart.
 */
final class ChildControl {

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
  static ChildControl find(CliContext context, String name) {
    SupervisorChannel channel = SupervisorChannel.find(context, name);
    return channel == null ? null : new ChildControl(context, name, channel);
  }

  /**
   * The child control of {@code name} for {@code verb --child}; when no supervisor answers, throws
   * one line saying why (not installed, not running, or not supervised) and what to do instead.
   */
  static ChildControl require(
      CliContext context, ServiceManager manager, String name, String verb) {
    ChildControl control = find(context, name);
    if (control != null) {
      return control;
    }
    ServiceStatus status = manager.status(name);
    String what = "'" + verb + " --child'";
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
            + verb
            + " "
            + name
            + "' to act on the whole service");
  }

  int restart(Duration timeout, boolean noWait) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode before = channel.firstStatus();
    JsonNode answer = command("restart", timeout);
    if (noWait) {
      context.out().println("Restart of the child of " + name + " requested: " + brief(answer));
      return 0;
    }
    JsonNode running = awaitRunning(ChildProgress.afterRestart(before), answer, deadline, timeout);
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

  int start(Duration timeout, boolean noWait) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode before = channel.firstStatus();
    JsonNode answer = command("start", timeout);
    if (noWait) {
      context.out().println("Start of the child of " + name + " requested: " + brief(answer));
      return 0;
    }
    JsonNode running = awaitRunning(ChildProgress.afterStart(before), answer, deadline, timeout);
    context.out().println("Started the child of " + name + ": " + brief(running));
    return 0;
  }

  int stop(Duration timeout) {
    JsonNode answer = command("stop", timeout);
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

  private JsonNode command(String command, Duration timeout) {
    JsonNode answer = channel.send(command, timeout.isZero() ? Duration.ofSeconds(60) : timeout);
    if (!answer.path("ok").asBoolean(false)) {
      throw new ChildControlException(
          "the supervisor of "
              + name
              + " refused '"
              + command
              + "': "
              + answer.path("error").asText("no reason given"));
    }
    return answer;
  }

  private JsonNode awaitRunning(
      ChildProgress progress, JsonNode last, long deadline, Duration timeout) {
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
                    + last.path("reason").asText("")
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
                + last.path("reason").asText("")
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
  private JsonNode status(JsonNode last) {
    try {
      return channel.status();
    } catch (IOException e) {
      throw new ChildControlException(
          "the supervisor of "
              + name
              + " stopped answering while its child was "
              + ChildProgress.state(last)
              + " ("
              + last.path("reason").asText("")
              + ")"
              + "; it may have given up: see 'svc4j status "
              + name
              + "' and 'svc4j logs "
              + name
              + "'");
    }
  }

  /** "RUNNING, pid 1234" or "STOPPED (stopped on request)". */
  static String brief(JsonNode status) {
    String state = ChildProgress.state(status);
    long pid = status.path("pid").asLong(0);
    if (pid > 0) {
      return state + ", pid " + pid;
    }
    String reason = status.path("reason").asText("");
    return reason.isEmpty() ? state : state + " (" + reason + ")";
  }
}
