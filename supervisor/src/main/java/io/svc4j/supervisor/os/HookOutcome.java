package io.svc4j.supervisor.os;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How a hook process ended, in the words the supervisor logs; the same on every OS. */
public final class HookOutcome {

  private HookOutcome() {}

  /**
   * Waits for {@code hook} up to {@code timeout}; the caller kills what is left either way.
   *
   * @return null on exit code 0, else why it failed
   */
  public static String await(Process hook, List<String> command, Duration timeout)
      throws InterruptedException {
    if (!hook.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return command.get(0) + " took longer than " + timeout.toMillis() + " ms; killed";
    }
    int code = hook.exitValue();
    return code == 0 ? null : command.get(0) + " exited with code " + code;
  }
}
