package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.os.HookOutcome;
import io.svc4j.supervisor.posix.RunAsUser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs one hook command to completion or to its timeout, then kills its whole process group. */
public final class HookRunner {

  private HookRunner() {}

  /**
   * @return null on success, else why it failed (exit code, timeout, not startable)
   */
  public static String run(
      ChildLauncher launcher,
      List<String> command,
      Map<String, String> env,
      Path workingDirectory,
      RunAsUser user,
      Duration timeout)
      throws InterruptedException {
    var builder = new ProcessBuilder();
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder.inheritIO();
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = launcher.launch(command, env, builder, user);
    } catch (IOException e) {
      return "cannot run " + command.get(0) + ": " + e.getMessage();
    }
    // The hook leads its own group (setsid): whatever it left running goes with it. By the time it
    // ended the JDK reaped it, so the group is reached through its leader's pidfd, never by number.
    try (OwnedGroup group = OwnedGroup.launched((int) p.pid())) {
      try {
        return HookOutcome.await(p, command, timeout);
      } finally {
        group.signal(9);
        p.destroyForcibly();
      }
    }
  }
}
