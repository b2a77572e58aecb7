package io.svc4j.cli.watch;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.cli.Errors;
import io.svc4j.cli.manage.ManageCommands;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Reloads or restarts a svc4j service when a batch settles, by running the very commands {@code
 * svc4j reload NAME} and {@code svc4j restart NAME} in this process: a supervised service's child
 * is restarted through its supervisor's control channel, anything else goes through the service
 * manager, with the same one-line errors. Runs off the watcher's thread, one at a time; batches
 * that settle meanwhile cause one more run afterwards, not one each.
 */
final class WatchServiceAction implements BatchListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatchServiceAction.class);

  private final String watch;
  private final WatchAction.ServiceVerb action;
  private final CliContext context;
  private final Thread worker;
  private int pendingChanges;
  private boolean closed;

  WatchServiceAction(String watch, WatchAction.ServiceVerb action, CliContext context) {
    this.watch = watch;
    this.action = action;
    this.context = context;
    this.worker = Thread.ofPlatform().name("svc4j-watch-" + verb() + "-" + watch).start(this::work);
  }

  private String verb() {
    return action.verb() == WatchAction.ServiceVerb.Verb.RELOAD ? "reload" : "restart";
  }

  @Override
  public synchronized void onBatch(List<WatchEvent> batch) {
    pendingChanges += batch.size();
    notifyAll();
  }

  private void work() {
    while (true) {
      int changes;
      synchronized (this) {
        while (pendingChanges == 0 && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        changes = pendingChanges;
        pendingChanges = 0;
      }
      run(changes);
    }
  }

  private void run(int changes) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext quiet =
        new CliContext(
            context.managers(),
            context.controlSockets(),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            context.controlTimeout());
    Object command =
        action.verb() == WatchAction.ServiceVerb.Verb.RELOAD
            ? ManageCommands.reload(quiet)
            : ManageCommands.restart(quiet);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(action.service(), "--timeout", Durations.format(action.timeout())));
    if (action.userUnit()) {
      args.add("--user-unit");
    }
    String[] argv = args.toArray(String[]::new);
    int code = Errors.configure(new CommandLine(command), quiet, argv).execute(argv);
    if (code == 0) {
      log.info(
          "watch {}: {} change(s): {}", watch, changes, out.toString().strip().replace('\n', ' '));
    } else {
      log.error(
          "watch {}: {} change(s), but {} {} failed (exit {}): {}",
          watch,
          changes,
          verb(),
          action.service(),
          code,
          err.toString().strip().replace('\n', ' '));
    }
  }

  /** Stops taking batches; a reload or restart in progress is given {@code deadline} to finish. */
  void close(Duration deadline) {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      worker.join(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
