package io.svc4j.cli.watch;

import io.svc4j.cli.CliContext;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.FileWatcherService;
import io.svc4j.watcher.WatchEvent;
import io.svc4j.watcher.WatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watches of one {@link WatchConfig} (one generation of {@link ConfiguredWatches}): started
 * when every watch is in place, each batch handed to its watch's actions in order (each action
 * queues it and returns; the slow ones work on threads of their own), stopped watches first, then
 * actions.
 */
final class WatchGeneration implements Service {

  /** One watch and its actions. */
  private record Watch(String name, FileWatcherService watcher, List<BatchListener> actions) {}

  private final List<Watch> watches = new ArrayList<>();
  private final List<Watch> started = new ArrayList<>();
  private String statusLine = "";

  WatchGeneration(WatchConfig config, CliContext context) {
    for (int i = 0; i < config.watches().size(); i++) {
      WatchSettings s = config.watches().get(i);
      String name = config.nameOf(i);
      List<BatchListener> actions = new ArrayList<>();
      for (WatchAction a : s.actions()) {
        actions.add(listener(name, a, context));
      }
      WatchOptions options =
          WatchOptions.of(s.paths())
              .withDebounce(s.debounce())
              .withFilter(s.filter())
              .withOnWatchLimit(config.onWatchLimit());
      if (s.state() != null) {
        options = options.withStateFile(s.state()).withHashed(s.hash());
      }
      var backend = config.backend();
      var interval = config.interval();
      watches.add(
          new Watch(
              name,
              new FileWatcherService(options, dispatch(actions), () -> backend.create(interval)),
              actions));
    }
  }

  private static BatchListener listener(String watch, WatchAction action, CliContext context) {
    return switch (action) {
      case WatchAction.Run run ->
          new WatchCommandRunner(run.command(), run.onBusy(), run.batch(), Optional.of(watch));
      case WatchAction.Post post -> new WatchPostAction(watch, post);
      case WatchAction.ServiceVerb verb -> new WatchServiceAction(watch, verb, context);
      case WatchAction.Log log -> new WatchLogAction(watch);
    };
  }

  private static BatchListener dispatch(List<BatchListener> actions) {
    return new BatchListener() {
      @Override
      public void onBatch(List<WatchEvent> batch) {
        for (BatchListener action : actions) {
          action.onBatch(batch);
        }
      }

      @Override
      public void onFailure(Throwable cause) {
        actions.forEach(a -> a.onFailure(cause));
      }
    };
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    List<String> status = new ArrayList<>();
    try {
      for (Watch w : watches) {
        StatusCapture capture = new StatusCapture(context);
        w.watcher().start(capture);
        started.add(w);
        status.add(w.name() + ": " + capture.last);
      }
    } catch (Exception | Error e) {
      stop(context);
      throw e;
    }
    statusLine = String.join("; ", status);
    context.status(statusLine);
  }

  /** The status line of the watches once started. */
  String statusLine() {
    return statusLine;
  }

  @Override
  public void stop(ServiceContext context) {
    for (Watch w : started) {
      w.watcher().stop(context);
    }
    started.clear();
    closeActions(context.stopDeadline());
  }

  /** Ends the actions' threads (a running command or reload gets {@code deadline}); idempotent. */
  void closeActions(Duration deadline) {
    for (Watch w : watches) {
      for (BatchListener a : w.actions()) {
        switch (a) {
          case WatchCommandRunner r -> r.close(deadline);
          case WatchServiceAction s -> s.close(deadline);
          case WatchPostAction p -> p.close();
          default -> {}
        }
      }
    }
  }

  /** Keeps a watch's status line, to report all of them as one. */
  private static final class StatusCapture implements ServiceContext {
    private final ServiceContext context;
    private String last = "";

    StatusCapture(ServiceContext context) {
      this.context = context;
    }

    @Override
    public void status(String text) {
      last = text;
    }

    @Override
    public String serviceName() {
      return context.serviceName();
    }

    @Override
    public void extendTimeout(Duration extra) {
      context.extendTimeout(extra);
    }

    @Override
    public void requestStop() {
      context.requestStop();
    }

    @Override
    public void fail(Throwable cause) {
      context.fail(cause);
    }

    @Override
    public io.svc4j.service.ServiceState state() {
      return context.state();
    }

    @Override
    public Duration stopDeadline() {
      return context.stopDeadline();
    }
  }
}
