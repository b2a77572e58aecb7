package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.health.HealthMonitor;
import io.svc4j.supervisor.logs.StreamPump;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.NotifyInbox;
import io.svc4j.supervisor.os.PrintableText;
import io.svc4j.supervisor.policy.ChildEnd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Starts one run's process and wires what reports on it into the run: the notify endpoint, the
 * output pumps and their restart patterns, the exit, the health check. The run owns and closes all
 * of it; nothing here decides a state.
 */
final class RunLauncher {

  private final SupervisorConfig config;
  private final ChildPlatform platform;
  private final CapturedLogs logs; // null: the child writes to the supervisor's own stdout/stderr
  private final Path runtimeDir;
  private final OutputTriggers outputPatterns;
  private final HealthWatch.Starter health;
  private final EventLoop loop;
  private final BiConsumer<Boolean, java.time.Duration> checked; // every health check, for metrics

  RunLauncher(
      SupervisorConfig config,
      EngineParts parts,
      CapturedLogs logs,
      Path runtimeDir,
      SupervisorListener listeners,
      OutputTriggers outputPatterns) {
    this.config = config;
    this.platform = parts.platform();
    this.logs = logs;
    this.runtimeDir = runtimeDir;
    this.outputPatterns = outputPatterns;
    this.health = parts.health();
    this.loop = parts.loop();
    this.checked = listeners::healthChecked;
  }

  /**
   * Launches {@code run} with {@code childEnvironment}; on failure its partly opened parts are left
   * in the run for {@link ChildRun#close}.
   */
  void launch(ChildRun run, Map<String, String> childEnvironment) throws IOException {
    var readiness = config.readiness();
    platform.prepare(runtimeDir);
    Map<String, String> env = new HashMap<>(childEnvironment);
    if (readiness.notifySocket()) {
      run.notify =
          platform.openNotify(
              runtimeDir,
              run.generation,
              // Bounded: a flood of datagrams waits in the kernel, not in our event queue.
              new NotifyInbox(loop::execute, m -> run.deliver(new RunEvent.Notified(m))));
      env.put("NOTIFY_SOCKET", run.notify.address());
    }
    if (readiness.watchdog() != null) {
      run.watchdogNanos = readiness.watchdog().toNanos();
      env.put("WATCHDOG_USEC", Long.toString(readiness.watchdog().toNanos() / 1000));
    }
    platform.checkCommand(config.command(), config.workingDirectory(), env);
    var builder = new ProcessBuilder();
    if (config.workingDirectory() != null) {
      builder.directory(config.workingDirectory().toFile());
    }
    if (logs == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    builder.redirectInput(ProcessBuilder.Redirect.from(platform.nullDevice()));
    Process process = platform.launch(config.command(), env, builder);
    run.process = process;
    if (logs != null) {
      String name = config.name();
      BiConsumer<Pattern, String> onMatch =
          (pattern, line) ->
              run.report(
                  new RunEvent.Triggered(
                      ChildEnd.Cause.OUTPUT_MATCH,
                      "output matched /" + pattern + "/: " + abbreviate(line)));
      run.pumps.add(
          StreamPump.start(
              process.getInputStream(),
              logs.stdout(),
              logs::timestamps,
              name + "-out",
              outputPatterns,
              onMatch));
      run.pumps.add(
          StreamPump.start(
              process.getErrorStream(),
              logs.stderr(),
              logs::timestamps,
              name + "-err",
              outputPatterns,
              onMatch));
    }
    process.onExit().thenRun(() -> run.report(new RunEvent.Exited(process.exitValue())));
    startHealth(run);
  }

  /** Starts {@code run}'s health check as configured, if one is. */
  void startHealth(ChildRun run) {
    if (config.healthCheck() != null) {
      run.health =
          health.start(
              config.healthCheck(),
              new HealthMonitor.Listener() {
                @Override
                public void healthy() {
                  run.report(new RunEvent.Healthy());
                }

                @Override
                public void unhealthy(String why) {
                  run.report(new RunEvent.Unhealthy(why));
                }

                @Override
                public void checked(boolean ok, java.time.Duration took) {
                  checked.accept(ok, took);
                }
              },
              config.name(),
              platform.commandPrefix());
    }
  }

  private static String abbreviate(String line) {
    String flat = PrintableText.clean(line).strip(); // shown by svc4j status
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }
}
