package io.svc4j.supervisor.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a hung JVM child print its thread stacks before it is killed, so that the hang can be
 * diagnosed afterwards: SIGQUIT, which a JVM answers by printing every thread's stack to its
 * stdout, i.e. into the captured log (or wherever the child's output goes), and then keeps running.
 *
 * <p>The supervisor runs as root and the child may not: no tool is run for the dump. Running the
 * child's {@code jcmd} (beside {@code /proc/PID/exe}) would execute, as root, a file the child's
 * user may have put there.
 */
public final class ThreadDumper {

  private static final int SIGQUIT = 3;
  // The JVM prints from its signal dispatcher thread at the next safepoint; a hung application
  // (deadlock, blocked I/O) does not stop that. Grace before the stop signal follows.
  private static final long PRINT_MILLIS = 1000;

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
   * Sends SIGQUIT to {@code child} (only if it still is that process) and gives it a moment to
   * print.
   *
   * @return whether the signal was delivered
   */
  public static boolean dump(OwnedProcess child) throws InterruptedException {
    if (!child.signal(SIGQUIT)) {
      return false;
    }
    Thread.sleep(PRINT_MILLIS);
    return true;
  }
}
