package io.svc4j.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code svc4j watch ... -- COMMAND}: runs the command once per settled batch, never two at once.
 * Batches that settle while it runs are queued and merged into the next run ({@link OnBusy#QUEUE}),
 * or the running command is stopped (SIGTERM, then killed after 10 s) and started again with its
 * batch and the new one merged ({@link OnBusy#RESTART}). The command reads the batch as a JSON
 * array of events on stdin; {@value #PATHS_ENV} holds the changed paths as a JSON array of strings.
 */
final class WatchCommandRunner implements BatchListener, AutoCloseable {

  static final String PATHS_ENV = "SVC4J_WATCH_PATHS";
  static final String NAME_ENV = "SVC4J_WATCH_NAME";

  private static final Logger log = LoggerFactory.getLogger(WatchCommandRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a batch that settles while the command runs does. */
  enum OnBusy {
    QUEUE,
    RESTART
  }

  private static final Duration TERM_GRACE = Duration.ofSeconds(10);

  private final List<String> command;
  private final OnBusy onBusy;
  private final WatchAction.BatchDelivery delivery;
  private final java.util.Optional<String> watch;
  private boolean restartRequested;
  private final List<WatchEvent> pending = new ArrayList<>();
  private final Thread worker;
  private boolean closed;
  private Process current;

  WatchCommandRunner(List<String> command) {
    this(command, OnBusy.QUEUE);
  }

  WatchCommandRunner(List<String> command, OnBusy onBusy) {
    this(command, onBusy, WatchAction.BatchDelivery.BOTH, java.util.Optional.empty());
  }

  /**
   * @param watch the configured watch's name, passed as {@value #NAME_ENV}
   */
  WatchCommandRunner(
      List<String> command,
      OnBusy onBusy,
      WatchAction.BatchDelivery delivery,
      java.util.Optional<String> watch) {
    this.command = List.copyOf(command);
    this.onBusy = onBusy;
    this.delivery = delivery;
    this.watch = watch;
    this.worker = Thread.ofPlatform().name("svc4j-watch-command").start(this::work);
  }

  @Override
  public void onBatch(List<WatchEvent> batch) {
    Process stop = null;
    synchronized (this) {
      pending.addAll(batch);
      if (onBusy == OnBusy.RESTART && current != null && !restartRequested) {
        restartRequested = true;
        stop = current;
      }
      notifyAll();
    }
    if (stop != null) {
      // SIGTERM; the worker waits for the exit before it starts the next run (no overlap).
      stop.destroy();
      Process p = stop;
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  if (!p.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
  }

  private void work() {
    while (true) {
      List<WatchEvent> batch;
      synchronized (this) {
        while (pending.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        batch = List.copyOf(pending);
        pending.clear();
      }
      run(batch);
    }
  }

  private void run(List<WatchEvent> batch) {
    try {
      byte[] stdin = JSON.writeValueAsBytes(batch.stream().map(WatchEventJson::of).toList());
      LinkedHashSet<String> paths = new LinkedHashSet<>();
      batch.forEach(e -> paths.add(e.path().toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      watch.ifPresent(w -> pb.environment().put(NAME_ENV, w));
      if (delivery != WatchAction.BatchDelivery.STDIN) {
        pb.environment().put(PATHS_ENV, JSON.writeValueAsString(paths));
      }
      Process p;
      synchronized (this) {
        if (closed) {
          return;
        }
        p = pb.start();
        current = p;
      }
      try (OutputStream in = p.getOutputStream()) {
        if (delivery != WatchAction.BatchDelivery.ENV) {
          in.write(stdin);
        }
      } catch (IOException e) {
        // The command need not read its stdin; a closed pipe is not an error.
        log.debug("command did not read the batch: {}", e.toString());
      }
      int code = p.waitFor();
      boolean restarted;
      synchronized (this) {
        current = null;
        restarted = restartRequested;
        restartRequested = false;
        if (restarted) {
          // The stopped run did not finish its batch: the next run gets it with the new changes.
          pending.addAll(0, batch);
        }
      }
      if (restarted) {
        log.info("watch command {} restarted for new changes", command.get(0));
      } else if (code != 0) {
        log.warn(
            "watch command {} exited with {} for {} change(s)", command.get(0), code, batch.size());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the batch as JSON", e);
    } catch (IOException e) {
      log.error("cannot run {}: {}", command.get(0), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking batches; a running command gets {@code deadline} to finish, then is killed. */
  void close(Duration deadline) {
    Process p;
    synchronized (this) {
      closed = true;
      p = current;
      notifyAll();
    }
    try {
      if (p != null && !p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
      }
      worker.join(deadline.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
