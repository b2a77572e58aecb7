package io.svc4j.supervisor;

import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * This host's real platform, except that its periodic tree scan ({@link #upkeep}) hangs once it is
 * {@link #hang armed}, until {@link #release}: what a read of /proc/PID/environ does while that
 * process's memory map stays locked. Everything else (launch, signals, the stop) is the real thing.
 */
final class HangingScanPlatform implements ChildPlatform {

  private final ChildPlatform real;
  private final CountDownLatch released = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(1);
  private volatile boolean hang;
  volatile String scanThread; // the name of the thread that hung in the scan

  HangingScanPlatform(ChildPlatform real) {
    this.real = real;
  }

  /** From now on, the next scan hangs. */
  void hang() {
    hang = true;
  }

  /** The hanging scan returns. */
  void release() {
    released.countDown();
  }

  @Override
  public TreeUsage upkeep(Process child, boolean measure) {
    if (hang) {
      scanThread = Thread.currentThread().getName();
      entered.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return real.upkeep(child, measure);
  }

  @Override
  public void secureDirectory(Path dir, String role) throws IOException {
    real.secureDirectory(dir, role);
  }

  @Override
  public boolean hasSignals() {
    return real.hasSignals();
  }

  @Override
  public boolean controlChannelOptional() {
    return real.controlChannelOptional();
  }

  @Override
  public void completeEnvironment(Map<String, String> env) {
    real.completeEnvironment(env);
  }

  @Override
  public void checkCommand(List<String> command, Path workingDirectory, Map<String, String> env) {
    real.checkCommand(command, workingDirectory, env);
  }

  @Override
  public Path createRuntimeDirectory() throws IOException {
    return real.createRuntimeDirectory();
  }

  @Override
  public void prepare(Path runtimeDirectory) throws IOException {
    real.prepare(runtimeDirectory);
  }

  @Override
  public NotifyChannel openNotify(
      Path runtimeDirectory, int generation, Consumer<NotifyMessage> sink) throws IOException {
    return real.openNotify(runtimeDirectory, generation, sink);
  }

  @Override
  public File nullDevice() {
    return real.nullDevice();
  }

  @Override
  public Process launch(List<String> command, Map<String, String> env, ProcessBuilder builder)
      throws IOException {
    return real.launch(command, env, builder);
  }

  @Override
  public boolean treeAlive(Process child) {
    return real.treeAlive(child);
  }

  @Override
  public StopOutcome stopTree(Process child, StopRequest stop) throws InterruptedException {
    return real.stopTree(child, stop);
  }

  @Override
  public boolean signal(Process child, int linuxSignal) {
    return real.signal(child, linuxSignal);
  }

  @Override
  public boolean signalTree(Process child, int linuxSignal) {
    return real.signalTree(child, linuxSignal);
  }

  @Override
  public void forget(Process child) {
    real.forget(child);
  }

  @Override
  public TreeUsage usage(Process child) {
    return real.usage(child);
  }

  @Override
  public boolean threadDump(Process child) throws InterruptedException {
    return real.threadDump(child);
  }

  @Override
  public String runHook(
      List<String> command, Map<String, String> env, Path workingDirectory, Duration timeout)
      throws InterruptedException {
    return real.runHook(command, env, workingDirectory, timeout);
  }

  @Override
  public List<String> commandPrefix() {
    return real.commandPrefix();
  }

  @Override
  public Leftovers findLeftovers(String serviceName, int port) {
    return real.findLeftovers(serviceName, port);
  }

  @Override
  public String treeTag() {
    return real.treeTag();
  }

  @Override
  public void close() {
    real.close();
  }
}
