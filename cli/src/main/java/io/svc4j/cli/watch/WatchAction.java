package io.svc4j.cli.watch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a settled batch of a configured watch does (YAML {@code actions[N]}). */
sealed interface WatchAction {

  /** Where a {@link Run} command finds the batch. */
  enum BatchDelivery {
    /** {@code SVC4J_WATCH_PATHS} (JSON array of paths) and the events as JSON on stdin. */
    BOTH,
    /** {@code SVC4J_WATCH_PATHS} only; stdin is empty. */
    ENV,
    /** The events as JSON on stdin only. */
    STDIN
  }

  /** A program run per batch (argv, never a shell string), never two runs at once. */
  record Run(List<String> command, BatchDelivery batch, WatchCommandRunner.OnBusy onBusy)
      implements WatchAction {}

  /**
   * The batch POSTed as JSON; each attempt bounded by {@code timeout}, failures retried with
   * backoff, off the watcher's thread.
   */
  record Post(URI url, Duration timeout, Optional<Path> bearerTokenFile, int retries)
      implements WatchAction {}

  /** {@code svc4j reload NAME} or {@code svc4j restart NAME}, per batch. */
  record ServiceVerb(Verb verb, String service, Duration timeout, boolean userUnit)
      implements WatchAction {
    enum Verb {
      RELOAD,
      RESTART
    }
  }

  /** One log line per change. */
  record Log() implements WatchAction {}
}
