package io.svc4j.testing.systemd;

import java.util.List;

/**
 * What a command run inside (or next to) the namespace produced.
 *
 * @param command the argv that ran, for messages
 * @param exitCode its exit code
 * @param stdout standard output, decoded as UTF-8
 * @param stderr standard error, decoded as UTF-8
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Returns this result, or throws with everything needed to see why the command failed. */
  public ExecResult requireSuccess() {
    if (exitCode != 0) {
      throw new AssertionError("command failed: " + this);
    }
    return this;
  }

  /** Standard output without the trailing newline(s). */
  public String out() {
    return stdout.stripTrailing();
  }

  @Override
  public String toString() {
    return command
        + " exited "
        + exitCode
        + "\n--- stdout ---\n"
        + stdout
        + "\n--- stderr ---\n"
        + stderr;
  }
}
