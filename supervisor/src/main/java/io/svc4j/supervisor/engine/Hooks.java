package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.HookSettings;
import io.svc4j.supervisor.os.ChildPlatform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured hooks. Pre-start, pre-stop and post-stop run one at a time on the hook thread
 * (shared with the stop sequence), so that a run's post-stop hook ends before the next launch;
 * post-start runs on its own thread, so that a slow one cannot delay a stop.
 */
final class Hooks {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final String service;
  private final HookSettings settings;
  private final Path workingDirectory;
  private final ChildPlatform platform;
  private final Executor hookThread;
  private final Executor postStartThread;

  Hooks(io.svc4j.supervisor.config.SupervisorConfig config, EngineParts parts) {
    this.service = config.name();
    this.settings = config.hooks();
    this.workingDirectory = config.workingDirectory();
    this.platform = parts.platform();
    this.hookThread = parts.hookThread();
    this.postStartThread = parts.postStartThread();
  }

  HookSettings settings() {
    return settings;
  }

  /** Whether a launch must go through the hook thread (a pre-start hook, or a post-stop queued). */
  boolean gateLaunch() {
    return !settings.preStart().isEmpty() || !settings.postStop().isEmpty();
  }

  /**
   * On the hook thread: the pre-start hook (if any), then {@code done} with null or why it failed.
   */
  void preStart(Map<String, String> env, java.util.function.Consumer<String> done) {
    hookThread.execute(
        () ->
            done.accept(
                settings.preStart().isEmpty() ? null : run("pre-start", settings.preStart(), env)));
  }

  void postStart(Map<String, String> env) {
    if (!settings.postStart().isEmpty()) {
      postStartThread.execute(() -> run("post-start", settings.postStart(), env));
    }
  }

  void postStop(Map<String, String> env) {
    if (!settings.postStop().isEmpty()) {
      hookThread.execute(() -> run("post-stop", settings.postStop(), env));
    }
  }

  /** Runs a hook on the calling thread; returns null on success, else why it failed. */
  String run(String hook, List<String> command, Map<String, String> env) {
    try {
      String failure = platform.runHook(command, env, workingDirectory, settings.timeout());
      if (failure != null) {
        log.warn("{}: {} hook failed: {}", service, hook, failure);
      }
      return failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
