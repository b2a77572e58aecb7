package io.svc4j.supervisor.linux;

import com.sun.jna.LastErrorException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link ChildSpawner}, as a {@link Process}. Its exit is an event, not a poll:
 * one thread blocks in {@code waitpid} on it, the kernel wakes that thread when the child dies, and
 * {@link #onExit()}'s future completes on it, so whoever chained onto it hears of the exit at once
 * (the JDK's own processes report through a reaper thread, then a hop to the common pool). Signals
 * go through a pidfd opened while the child could not have been reaped yet, so they never reach a
 * process that got its number later. Exit values follow the JDK's: the code, or 128 + the signal.
 */
final class SpawnedChild extends Process {

  private final int pid;
  private final Pidfd pidfd; // null before Linux 5.3
  private final InputStream stdout;
  private final InputStream stderr;
  private final CompletableFuture<Process> exit = new CompletableFuture<>();
  private volatile int exitValue = -1;
  private boolean reaped; // under this object's lock: the pidfd is closed, signals go nowhere

  SpawnedChild(int pid, InputStream stdout, InputStream stderr) {
    this.pid = pid;
    this.pidfd = Pidfd.open(pid); // our unreaped child: the number is certainly its
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts waiting for the exit. Called once the launch recorded what it needs while the child is
   * certainly unreaped (its group's pidfd, its start time).
   */
  void watch(String threadName) {
    Thread waiter = new Thread(null, this::awaitExit, threadName, 64 * 1024);
    waiter.setDaemon(true);
    waiter.start();
  }

  private void awaitExit() {
    int[] status = new int[1];
    int r = -1;
    while (true) {
      try {
        r = SpawnCalls.waitpid(pid, status, 0);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != SpawnCalls.EINTR) {
          break;
        }
      }
    }
    int code;
    if (r < 0) {
      code = -1; // reaped by someone else (cannot happen: nothing else waits for this pid)
    } else {
      int s = status[0];
      int signal = s & 0x7f;
      code = signal == 0 ? (s >> 8) & 0xff : 0x80 + signal;
    }
    exitValue = code;
    synchronized (this) {
      reaped = true;
      if (pidfd != null) {
        pidfd.close();
      }
    }
    exit.complete(this);
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream(); // stdin is /dev/null
  }

  @Override
  public InputStream getInputStream() {
    return stdout;
  }

  @Override
  public InputStream getErrorStream() {
    return stderr;
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return exitValue;
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int exitValue() {
    if (!exit.isDone()) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exitValue;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit;
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public void destroy() {
    signal(15);
  }

  @Override
  public Process destroyForcibly() {
    signal(9);
    return this;
  }

  private synchronized void signal(int signal) {
    if (reaped) {
      return;
    }
    if (pidfd != null) {
      pidfd.signal(signal); // closed only after the reap, under this lock
    } else {
      LibC.INSTANCE.kill(pid, signal); // no pidfds: unreaped until waitpid returns
    }
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException("pid " + pid + " is gone"));
  }

  @Override
  public String toString() {
    return "SpawnedChild[pid=" + pid + (exit.isDone() ? ", exitValue=" + exitValue : "") + "]";
  }
}
