package io.svc4j.console;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlReply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out an operator's action on services, each written to the audit log with who asked and
 * what came of it. A service whose supervisor answers is acted on through its control channel (its
 * child only, like {@code svc4j restart NAME}); any other installed service through the service
 * manager, like {@code svc4j start|stop|restart|reload NAME}: a {@code --direct} service, or a
 * supervised one whose supervisor is not running (so a stopped service can be started).
 *
 * <p>Who may act, and the CSRF check, are decided before this class is called.
 */
final class ServiceActions {

  private static final Logger audit = LoggerFactory.getLogger("io.svc4j.console.audit");
  private static final Duration SUPERVISOR_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration MANAGER_TIMEOUT = Duration.ofSeconds(60);

  private final ServiceSource services;

  ServiceActions(ServiceSource services) {
    this.services = services;
  }

  /** Acts on every service of {@code names} at once; one result per service, in that order. */
  List<ActionResult> performAll(List<String> names, ActionKind action, String who) {
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ActionResult>> running = new ArrayList<>();
      for (String name : names) {
        running.add(threads.submit(() -> perform(name, action, who)));
      }
      List<ActionResult> results = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        try {
          results.add(running.get(i).get());
        } catch (ExecutionException e) {
          results.add(failed(names.get(i), action, "none", String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(failed(names.get(i), action, "none", "interrupted"));
        }
      }
      return results;
    }
  }

  /** Acts on {@code name}; {@code who} is the role (and user) and remote address of the asker. */
  ActionResult perform(String name, ActionKind action, String who) {
    audit.info("console: {} {} by {}", action.wire(), name, who);
    ActionResult result;
    try {
      ControlReply reply =
          ControlClient.send(services.controlSocket(name), action.command(), SUPERVISOR_TIMEOUT);
      result =
          reply.ok()
              ? new ActionResult(name, action.wire(), true, reply.message(), "supervisor")
              : new ActionResult(name, action.wire(), false, reply.error(), "supervisor");
    } catch (ControlClient.NotListeningException | UnsupportedOperationException noSupervisor) {
      result = throughManager(name, action);
    } catch (IOException e) {
      result =
          failed(name, action, "supervisor", "the supervisor did not answer: " + e.getMessage());
    }
    audit.info(
        "console: {} {}: {}{}",
        action.wire(),
        name,
        result.ok() ? "" : "failed: ",
        result.via().equals("manager")
            ? result.message() + " (service manager)"
            : result.message());
    return result;
  }

  private ActionResult throughManager(String name, ActionKind action) {
    Optional<ServiceManager> manager = services.manager();
    if (manager.isEmpty()) {
      return failed(
          name, action, "none", "no supervisor answers and this console has no service manager");
    }
    if (services.managerStatus(name).isEmpty()) {
      return failed(
          name,
          action,
          "none",
          "no supervisor answers and the service manager does not list " + name);
    }
    ServiceManager m = manager.get();
    try {
      ServiceStatus after =
          switch (action) {
            case START -> m.start(name, MANAGER_TIMEOUT);
            case STOP -> m.stop(name, MANAGER_TIMEOUT);
            case RESTART -> m.restart(name, MANAGER_TIMEOUT);
            case RELOAD -> m.reload(name, MANAGER_TIMEOUT);
            case PAUSE -> m.pause(name, MANAGER_TIMEOUT);
            case RESUME -> m.resume(name, MANAGER_TIMEOUT);
          };
      String state = after == null ? "" : ": " + after.state();
      return new ActionResult(name, action.wire(), true, done(action) + state, "manager");
    } catch (ManagerException e) {
      return failed(name, action, "manager", e.getMessage());
    }
  }

  private static String done(ActionKind action) {
    return switch (action) {
      case START -> "started";
      case STOP -> "stopped";
      case RESTART -> "restarted";
      case RELOAD -> "reloaded";
      case PAUSE -> "paused";
      case RESUME -> "resumed";
    };
  }

  private static ActionResult failed(String name, ActionKind action, String via, String why) {
    return new ActionResult(name, action.wire(), false, why, via);
  }
}
