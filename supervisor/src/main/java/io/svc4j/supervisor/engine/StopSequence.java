package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.Signals;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.os.ChildPlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending one run's tree, on the hook thread (it waits): SIGCONT to the tree, the pre-stop hook, a
 * thread dump of a hung JVM into its captured log, then the platform's graceful stop, its timeout
 * and the forced kill ({@link ChildPlatform#stopTree}). Reports the tree gone, with the exit code,
 * when no process of it is left.
 */
final class StopSequence {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);
  private static final int SIGCONT = 18;

  private final String service;
  private final ChildPlatform platform;
  private final Hooks hooks;
  private final ChildPlatform.StopRequest request;
  private final Executor hookThread;

  StopSequence(io.svc4j.supervisor.config.SupervisorConfig config, EngineParts parts, Hooks hooks) {
    StopSettings stop = config.stop();
    this.service = config.name();
    this.platform = parts.platform();
    this.hooks = hooks;
    this.request =
        new ChildPlatform.StopRequest(
            Signals.number(stop.signal()), stop.windows(), stop.timeout(), service);
    this.hookThread = parts.hookThread();
  }

  /**
   * Stops the tree of {@code process}.
   *
   * @param preStopEnv the pre-stop hook's environment, null to run no pre-stop hook
   * @param dumpTo with a hung JVM: where its stacks land (null: no capture), told to {@code dumped}
   * @param threadDump whether to ask for a thread dump first
   * @param gone called (on the hook thread) with the exit code once no process of the tree is left
   */
  void stop(
      Process process,
      Map<String, String> preStopEnv,
      boolean threadDump,
      Path dumpTo,
      Consumer<Path> dumped,
      IntConsumer gone) {
    List<String> preStop = preStopEnv == null ? List.of() : hooks.settings().preStop();
    hookThread.execute(
        () -> {
          try {
            // A stopped (paused) process can neither run a pre-stop hook's request, nor print a
            // thread dump, nor act on the stop signal: continue the tree first, as systemd does.
            // Here, not on the event thread: finding the tree takes a scan of /proc.
            continueTree(process);
            if (!preStop.isEmpty() && process.isAlive()) {
              hooks.run("pre-stop", preStop, preStopEnv);
            }
            if (threadDump && process.isAlive() && platform.threadDump(process)) {
              // The JVM printed its stacks to its stdout: into the captured log, if any.
              log.warn(
                  "{}: hung pid {} printed its thread stacks to its stdout{}",
                  service,
                  process.pid(),
                  dumpTo == null ? "" : " (" + dumpTo + ")");
              dumped.accept(dumpTo);
            }
            platform.stopTree(process, request);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            log.error("{}: stopping the tree failed: {}", service, e.toString(), e);
          }
          gone.accept(process.isAlive() ? -1 : process.exitValue());
        });
  }

  private void continueTree(Process process) {
    try {
      platform.signalTree(process, SIGCONT);
    } catch (RuntimeException e) {
      log.warn("{}: cannot continue the tree before its stop: {}", service, e.toString());
    }
  }
}
