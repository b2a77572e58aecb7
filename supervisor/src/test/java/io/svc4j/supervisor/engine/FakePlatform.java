package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link ChildPlatform} without processes: launches make {@link FakeProcess}es the test ends,
 * notify datagrams are sent by the test, stops are recorded and end the tree at once (a child that
 * ignores the graceful signal is killed, as the real platforms do after the timeout), and the
 * upkeep reports whatever memory the test sets.
 */
final class FakePlatform implements ChildPlatform {

  final List<FakeProcess> launched = new ArrayList<>();
  final List<Map<String, String>> environments = new ArrayList<>();
  final List<String> stops = new ArrayList<>(); // "TERM pid", "KILL pid" in order
  final List<StopRequest> stopRequests = new ArrayList<>();
  final List<String> hooks = new ArrayList<>();
  final List<Long> threadDumps = new ArrayList<>();

  /** Children that ignore the graceful stop: they end only by the forced kill. */
  boolean ignoresGracefulStop;

  /** Processes the child left behind after it exited. */
  boolean leavesTreeBehind;

  /**
   * Its /proc reads hang (a process whose memory map stays locked): the harness runs no scan, and
   * whoever calls a scan anyway, on the event thread, is caught waiting on one.
   */
  boolean scansHang;

  String launchFailure;
  long residentBytes;
  int processes = 1; // live processes in the tree, as the upkeep counts them
  int upkeeps; // upkeep rounds so far
  private Consumer<NotifyMessage> notify;
  private long nextPid = 1000;

  FakeProcess child() {
    return launched.getLast();
  }

  /** The child sends {@code datagram} to NOTIFY_SOCKET. */
  void send(String datagram) {
    notify.accept(NotifyMessage.parse(datagram));
  }

  @Override
  public void completeEnvironment(Map<String, String> env) {}

  @Override
  public void checkCommand(List<String> command, Path workingDirectory, Map<String, String> env) {}

  @Override
  public Path createRuntimeDirectory() {
    return Path.of("/nonexistent/fake-runtime");
  }

  @Override
  public void prepare(Path runtimeDirectory) {}

  @Override
  public NotifyChannel openNotify(
      Path runtimeDirectory, int generation, Consumer<NotifyMessage> sink) {
    notify = sink;
    return new NotifyChannel() {
      @Override
      public String address() {
        return "@fake-notify-" + generation;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public File nullDevice() {
    return new File("/dev/null");
  }

  @Override
  public Process launch(List<String> command, Map<String, String> env, ProcessBuilder builder)
      throws IOException {
    if (launchFailure != null) {
      throw new IOException(launchFailure);
    }
    var p = new FakeProcess(nextPid++);
    launched.add(p);
    environments.add(env);
    return p;
  }

  @Override
  public boolean treeAlive(Process child) {
    hangingScan();
    return child.isAlive() || leavesTreeBehind;
  }

  @Override
  public StopOutcome stopTree(Process child, StopRequest stop) {
    stopRequests.add(stop);
    stops.add("TERM " + child.pid());
    leavesTreeBehind = false;
    if (ignoresGracefulStop && child.isAlive()) {
      stops.add("KILL " + child.pid());
      ((FakeProcess) child).exit(137);
      return new StopOutcome(true, 0);
    }
    ((FakeProcess) child).exit(143);
    return new StopOutcome(false, 0);
  }

  @Override
  public boolean signal(Process child, int linuxSignal) {
    return child.isAlive();
  }

  @Override
  public void forget(Process child) {}

  @Override
  public TreeUsage upkeep(Process child, boolean measure) {
    hangingScan();
    upkeeps++;
    if (child == null) {
      return TreeUsage.NONE;
    }
    return new TreeUsage(processes, measure ? residentBytes : 0, 0);
  }

  @Override
  public TreeUsage usage(Process child) {
    return new TreeUsage(1, residentBytes, 0);
  }

  @Override
  public boolean threadDump(Process child) {
    threadDumps.add(child.pid());
    return true;
  }

  @Override
  public String runHook(
      List<String> command, Map<String, String> env, Path workingDirectory, Duration timeout) {
    hooks.add(env.get("SVC4J_HOOK"));
    return null;
  }

  @Override
  public List<String> commandPrefix() {
    return List.of();
  }

  @Override
  public Leftovers findLeftovers(String serviceName, int port) {
    hangingScan();
    return null;
  }

  @Override
  public String treeTag() {
    return "SVC4J_TREE_FAKE=1";
  }

  @Override
  public void close() {}

  private void hangingScan() {
    if (scansHang) {
      throw new AssertionError("the event thread waits on a /proc scan that hangs");
    }
  }
}
