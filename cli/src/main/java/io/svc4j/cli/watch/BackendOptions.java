package io.svc4j.cli.watch;

import io.svc4j.cli.UsageException;
import io.svc4j.watcher.backend.BackendChoice;
import java.time.Duration;
import picocli.CommandLine;

/** The checks of {@code --backend} and {@code --poll-interval}, each refusal one line. */
final class BackendOptions {

  private BackendOptions() {}

  /** The poll interval to use; refuses one given without {@code --backend poll}, or below 10ms. */
  static Duration pollInterval(
      CommandLine.Model.CommandSpec spec, BackendChoice backend, Duration interval) {
    boolean given = spec.commandLine().getParseResult().hasMatchedOption("--poll-interval");
    if (given && backend != BackendChoice.POLL) {
      throw new UsageException(
          "watch: --poll-interval goes with --backend poll only: add --backend poll or drop it");
    }
    if (interval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new UsageException(
          "watch: --poll-interval "
              + interval.toMillis()
              + "ms is too short: give at least 10ms (each poll lists every directory)");
    }
    return interval;
  }
}
