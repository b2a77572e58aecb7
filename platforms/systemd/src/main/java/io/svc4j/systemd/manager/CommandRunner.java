package io.svc4j.systemd.manager;

import java.time.Duration;
import java.util.List;

/** Runs one external command to completion. A seam so the manager's logic can be unit tested. */
@FunctionalInterface
public interface CommandRunner {

  /**
   * The outcome of a command.
   *
   * @param exitCode the exit code, or -1 if the command timed out
   * @param timedOut the command ran longer than allowed and was killed
   */
  record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

    public static Result ok(String stdout) {
      return new Result(0, stdout, "", false);
    }

    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** The first non-blank line of stderr (or stdout), for a one-line error message. */
    public String firstErrorLine() {
      for (String text : List.of(stderr, stdout)) {
        for (String line : text.split("\\R")) {
          if (!line.isBlank()) {
            return line.strip();
          }
        }
      }
      return timedOut ? "timed out" : "exit code " + exitCode;
    }
  }

  /**
   * Runs {@code command}; if it is still running after {@code timeout}, kills it (and its children)
   * and returns a timed-out result. Throws {@link io.svc4j.manager.ManagerException} if the command
   * cannot be started at all.
   */
  Result run(List<String> command, Duration timeout);
}
