package io.svc4j.supervisor.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the thread stacks of a hung JVM child before it is killed, so that the hang can be
 * diagnosed afterwards. Uses the child's own JDK's {@code jcmd <pid> Thread.print} (same version as
 * the child, unlike ours), and falls back to SIGQUIT, which makes a JVM print its stacks to its
 * stdout, i.e. into the captured log.
 */
public final class ThreadDumper {

  private static final Logger log = LoggerFactory.getLogger(ThreadDumper.class);

  private ThreadDumper() {}

  /** Whether {@code pid} runs a JVM (its executable is named java). */
  public static boolean isJvm(long pid) {
    try {
      Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
      return exe.getFileName().toString().equals("java");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Dumps the threads of JVM {@code pid} into {@code target}.
   *
   * @return the file written, or null when jcmd failed and SIGQUIT was sent instead
   */
  public static Path dump(long pid, Path target) throws InterruptedException {
    Path jcmd = jcmdFor(pid);
    if (jcmd != null) {
      try {
        Files.createDirectories(target.getParent());
        Process p =
            new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "Thread.print", "-l"))
                .redirectErrorStream(true)
                .redirectOutput(target.toFile())
                .start();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return target;
        }
        p.destroyForcibly();
        log.warn("jcmd {} Thread.print failed (see {}); sending SIGQUIT instead", pid, target);
      } catch (IOException e) {
        log.warn("Cannot run {}: {}; sending SIGQUIT instead", jcmd, e.toString());
      }
    }
    LibC.INSTANCE.kill((int) pid, 3);
    Thread.sleep(1000); // the JVM prints its stacks asynchronously
    return null;
  }

  private static Path jcmdFor(long pid) {
    try {
      Path exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe"));
      Path own = exe.resolveSibling("jcmd");
      if (Files.isExecutable(own)) {
        return own;
      }
    } catch (IOException e) {
      // fall through to ours
    }
    Path ours = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(ours) ? ours : null;
  }
}
