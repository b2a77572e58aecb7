package io.svc4j.supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What differs between two {@code logs:} sections, sorted by what a re-read can do with it. The
 * child's capture applies live (its writers switch between two lines: directory, file names,
 * rotation, compression, timestamps, buffer); what only a new supervisor applies: turning capture
 * on or off (the child's output is a pipe or the supervisor's own stdout from its start), merging
 * or splitting stdout and stderr (the files' writers are fixed at start), and the supervisor's own
 * log ({@code supervisor-log}, {@code supervisor-format}: a Logback appender made at start).
 *
 * @param live keys ({@code logs.max-size} ...) applied without touching the child
 * @param atSupervisorStart keys that stay as they run until the supervisor starts again
 */
public record LogChange(List<String> live, List<String> atSupervisorStart) {

  public LogChange {
    live = List.copyOf(live);
    atSupervisorStart = List.copyOf(atSupervisorStart);
  }

  private record Key(String name, boolean live, Function<LogSettings, Object> value) {}

  private static final List<Key> KEYS =
      List.of(
          new Key("directory", true, LogSettings::directory),
          new Key("stdout", true, LogSettings::stdout),
          new Key("stderr", true, LogSettings::stderr),
          new Key("max-size", true, LogSettings::maxSize),
          new Key("keep", true, LogSettings::keep),
          new Key("gzip", true, LogSettings::gzip),
          new Key("timestamps", true, LogSettings::timestamps),
          new Key("rotate-every", true, LogSettings::rotateEvery),
          new Key("buffer-bytes", true, LogSettings::bufferBytes),
          new Key("supervisor-log", false, LogSettings::supervisorLog),
          new Key("supervisor-format", false, LogSettings::supervisorFormat));

  /** The keys of {@code logs} whose values differ, for the service called {@code name}. */
  public static LogChange between(String name, LogSettings running, LogSettings next) {
    if (running == null && next == null) {
      return new LogChange(List.of(), List.of());
    }
    if (running == null || next == null) {
      return new LogChange(List.of(), List.of("logs"));
    }
    boolean mergeChanges = running.merged(name) != next.merged(name);
    List<String> live = new ArrayList<>();
    List<String> later = new ArrayList<>();
    for (Key key : KEYS) {
      if (Objects.equals(key.value().apply(running), key.value().apply(next))) {
        continue;
      }
      boolean isFile = key.name().equals("stdout") || key.name().equals("stderr");
      boolean applies = key.live() && !(isFile && mergeChanges);
      (applies ? live : later).add("logs." + key.name());
    }
    return new LogChange(live, later);
  }

  /**
   * {@code next} with what only a new supervisor applies kept as it runs: what a running supervisor
   * adopts.
   */
  public static LogSettings applicable(String name, LogSettings running, LogSettings next) {
    if (running == null || next == null) {
      return running;
    }
    boolean mergeChanges = running.merged(name) != next.merged(name);
    return new LogSettings(
        next.directory(),
        mergeChanges ? running.stdout() : next.stdout(),
        mergeChanges ? running.stderr() : next.stderr(),
        next.maxSize(),
        next.keep(),
        next.gzip(),
        next.timestamps(),
        next.rotateEvery(),
        next.bufferBytes(),
        running.supervisorLog(),
        running.supervisorFormat());
  }

  /** Number of {@link LogSettings}' components that {@link #between} compares. */
  static int comparedKeys() {
    return KEYS.size();
  }
}
