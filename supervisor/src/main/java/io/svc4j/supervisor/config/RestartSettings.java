package io.svc4j.supervisor.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When and how fast the child is started again.
 *
 * @param mode the policy (YAML {@code mode})
 * @param successCodes exit codes that count as success (default {@code [0]})
 * @param onExit per-exit-code overrides of the policy (YAML {@code on-exit: {3: stop, 75:
 *     restart}})
 * @param backoff restart delays
 * @param resetAfter a run that lasted this long resets the backoff (stable uptime)
 * @param crashLoop when to give up: FATAL
 * @param onOutput regular expressions (Java syntax); a line of stdout or stderr that contains a
 *     match makes the supervisor restart the child, e.g. {@code OutOfMemoryError}. Needs log
 *     capture.
 * @param maxMemory restart the child when its whole tree uses more resident memory than this many
 *     bytes (checked every few seconds); null: no limit
 */
public record RestartSettings(
    RestartMode mode,
    Set<Integer> successCodes,
    Map<Integer, ExitAction> onExit,
    Backoff backoff,
    Duration resetAfter,
    CrashLoopLimit crashLoop,
    List<String> onOutput,
    Long maxMemory,
    String schedule) {

  public static final RestartSettings DEFAULT =
      new RestartSettings(null, null, null, null, null, null, null, null, null);

  public RestartSettings {
    mode = mode == null ? RestartMode.ON_FAILURE : mode;
    successCodes = successCodes == null ? Set.of(0) : Set.copyOf(successCodes);
    onExit =
        onExit == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(onExit));
    backoff = backoff == null ? Backoff.DEFAULT : backoff;
    resetAfter = resetAfter == null ? Duration.ofSeconds(30) : resetAfter;
    crashLoop = crashLoop == null ? CrashLoopLimit.DEFAULT : crashLoop;
    for (int code : successCodes) {
      ConfigException.require(
          code >= 0 && code <= 255, "success-codes", "exit codes are 0..255, got " + code);
    }
    for (int code : onExit.keySet()) {
      ConfigException.require(code >= 0 && code <= 255, "on-exit." + code, "exit codes are 0..255");
    }
    ConfigException.notNegative(resetAfter, "reset-after");
    onOutput = onOutput == null ? List.of() : List.copyOf(onOutput);
    for (int i = 0; i < onOutput.size(); i++) {
      try {
        Pattern.compile(onOutput.get(i));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            "on-output[" + i + "]",
            "'" + onOutput.get(i) + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    ConfigException.require(
        maxMemory == null || maxMemory >= 1024 * 1024,
        "max-memory",
        "must be at least 1 MiB, got " + maxMemory);
    if (schedule != null) {
      CronSchedule.parse(schedule, "schedule");
    }
  }

  public RestartSettings withSchedule(String cron) {
    return new RestartSettings(
        mode, successCodes, onExit, backoff, resetAfter, crashLoop, onOutput, maxMemory, cron);
  }

  public RestartSettings withOnOutput(List<String> patterns) {
    return new RestartSettings(
        mode, successCodes, onExit, backoff, resetAfter, crashLoop, patterns, maxMemory, schedule);
  }

  public RestartSettings withMaxMemory(Long bytes) {
    return new RestartSettings(
        mode, successCodes, onExit, backoff, resetAfter, crashLoop, onOutput, bytes, schedule);
  }

  public RestartSettings withMode(RestartMode newMode) {
    return new RestartSettings(
        newMode,
        successCodes,
        onExit,
        backoff,
        resetAfter,
        crashLoop,
        onOutput,
        maxMemory,
        schedule);
  }

  public RestartSettings withBackoff(Backoff newBackoff) {
    return new RestartSettings(
        mode,
        successCodes,
        onExit,
        newBackoff,
        resetAfter,
        crashLoop,
        onOutput,
        maxMemory,
        schedule);
  }

  public RestartSettings withCrashLoop(CrashLoopLimit limit) {
    return new RestartSettings(
        mode, successCodes, onExit, backoff, resetAfter, limit, onOutput, maxMemory, schedule);
  }

  public RestartSettings withResetAfter(Duration stable) {
    return new RestartSettings(
        mode, successCodes, onExit, backoff, stable, crashLoop, onOutput, maxMemory, schedule);
  }

  public RestartSettings withOnExit(Map<Integer, ExitAction> actions) {
    return new RestartSettings(
        mode, successCodes, actions, backoff, resetAfter, crashLoop, onOutput, maxMemory, schedule);
  }
}
