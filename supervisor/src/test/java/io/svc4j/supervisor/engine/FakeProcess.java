package io.svc4j.supervisor.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** A child process that ends when the test (or the fake platform's stop) says so. */
final class FakeProcess extends Process {

  private final long pid;
  private final CompletableFuture<Process> exit = new CompletableFuture<>();
  private volatile Integer exitCode;

  FakeProcess(long pid) {
    this.pid = pid;
  }

  /** The process ends with {@code code}; its onExit fires now, on the calling thread. */
  void exit(int code) {
    if (exitCode == null) {
      exitCode = code;
      exit.complete(this);
    }
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public boolean isAlive() {
    return exitCode == null;
  }

  @Override
  public int exitValue() {
    if (exitCode == null) {
      throw new IllegalThreadStateException("pid " + pid + " runs");
    }
    return exitCode;
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit;
  }

  @Override
  public int waitFor() {
    return exit.join().exitValue();
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public void destroy() {
    exit(143);
  }
}
