package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.logs.LogDirectory;

/**
 * A re-read {@code logs:} section, checked ({@link CapturedLogs#prepare}) and not applied yet: the
 * re-read either applies it once the rest of the new configuration is adopted or, when the
 * configuration is not adopted after all, discards it (the new directory it opened is closed).
 */
public final class LogSwitch {

  private final CapturedLogs logs;
  private final LogSettings next;
  private final LogDirectory newDirectory; // null: the directory stays
  private boolean done;

  LogSwitch(CapturedLogs logs, LogSettings next, LogDirectory newDirectory) {
    this.logs = logs;
    this.next = next;
    this.newDirectory = newDirectory;
  }

  /** The settings it switches to. */
  public LogSettings settings() {
    return next;
  }

  /** Switches the running capture (once; nothing after {@link #discard}). */
  public synchronized void apply() {
    if (!done) {
      done = true;
      logs.apply(next, newDirectory);
    }
  }

  /** Closes what {@link CapturedLogs#prepare} opened, unless it was applied. */
  public synchronized void discard() {
    if (!done) {
      done = true;
      if (newDirectory != null) {
        newDirectory.close();
      }
    }
  }
}
