package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ConfigChange;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.ConfigFile;
import io.svc4j.supervisor.config.ConfigFileException;
import io.svc4j.supervisor.config.ReloadSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.CapturedLogs;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.EngineChecks;
import io.svc4j.supervisor.engine.LogSwitch;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the supervisor's configuration file at a reload (and, with {@code reload-on-change},
 * when the file changed): a file whose text is what runs is no change (the reload goes on to the
 * child); a file that does not validate is one located line in the log and the running
 * configuration stays; a valid one becomes the next generation ({@link ConfigChange} says what it
 * takes to apply it).
 */
final class ConfigReread {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /** Which reading of the file runs: 1 at start. */
  record Generation(int number, Instant loadedAt) {}

  /** What a re-read found. */
  sealed interface Outcome {
    /** The file's text is what runs: nothing to do here. */
    record Unchanged() implements Outcome {}

    /** The file changed but cannot be used; it was logged. */
    record Refused() implements Outcome {}

    /**
     * A new generation to adopt; {@code logs} is its checked {@code logs:} switch, null when the
     * capture stays as it is.
     */
    record Next(SupervisorConfig config, ConfigChange change, LogSwitch logs) implements Outcome {}
  }

  private final String name;
  private final Path file;
  private final Supplier<SupervisorConfig> reader;
  private final ChildPlatform platform;
  private final CapturedLogs logs; // null without log capture
  private byte[] text;
  private volatile Generation generation;

  /**
   * @param reader reads the file the way the supervisor's configuration was made from it (with the
   *     command line's settings over it); throws {@link ConfigFileException} for a bad file
   */
  ConfigReread(
      String name,
      Path file,
      Supplier<SupervisorConfig> reader,
      ChildPlatform platform,
      CapturedLogs logs) {
    this.name = name;
    this.logs = logs;
    this.file = file.toAbsolutePath().normalize();
    this.reader = reader;
    this.platform = platform;
    this.text = read();
    this.generation = new Generation(1, Instant.now());
  }

  Path file() {
    return file;
  }

  Generation generation() {
    return generation;
  }

  /** Reads the file and checks it as a start would; one located line in the log when it fails. */
  synchronized Outcome reread(SupervisorConfig running) {
    byte[] now = read();
    if (now != null && Arrays.equals(now, text)) {
      return new Outcome.Unchanged();
    }
    text = now;
    String stays = "; configuration generation " + generation.number() + " stays";
    if (now == null) {
      log.error("{}: {}: cannot read the file{}", name, file, stays);
      return new Outcome.Refused();
    }
    SupervisorConfig next;
    SupervisorConfig adoptable;
    LogSwitch logSwitch = null;
    try {
      next = reader.get();
      EngineChecks.check(next, platform); // the program is found, references resolve
      adoptable = ConfigChange.applicable(running, next);
      if (logs != null && !adoptable.logs().equals(running.logs())) {
        // A new log directory is opened here, its security rules checked as at start.
        logSwitch = logs.prepare(adoptable.logs(), next.runAs(), platform);
      }
    } catch (ConfigFileException e) {
      log.error("{}: {}{}", name, e.getMessage(), stays);
      return new Outcome.Refused();
    } catch (ConfigException e) {
      log.error("{}: {}{}", name, locate(e), stays);
      return new Outcome.Refused();
    } catch (RuntimeException e) {
      log.error("{}: {}: {}{}", name, file, e.getMessage(), stays);
      return new Outcome.Refused();
    }
    return new Outcome.Next(adoptable, ConfigChange.between(running, next), logSwitch);
  }

  /** The next generation runs. */
  synchronized Generation adopted() {
    generation = new Generation(generation.number() + 1, Instant.now());
    return generation;
  }

  /**
   * The re-read part of a reload: false when the file is unchanged (the reload goes on to the
   * child); true when this was the reload: the changed file was refused (logged), or adopted, the
   * child started again (and ready, or the reload fails) when its command, environment or working
   * directory changed, left alone otherwise.
   */
  boolean reload(Supervisor supervisor) throws Exception {
    Outcome outcome = reread(supervisor.config());
    if (!(outcome instanceof Outcome.Next next)) {
      return outcome instanceof Outcome.Refused;
    }
    ConfigChange change = next.change();
    ChildState before = supervisor.status().state();
    try {
      supervisor.adoptConfig(next.config());
    } catch (Exception | Error e) {
      if (next.logs() != null) {
        next.logs().discard();
      }
      throw e;
    }
    if (next.logs() != null) {
      next.logs().apply(); // each file switches at its next line; the pumps read on
    }
    Generation now = adopted();
    log.info(
        "{}: configuration generation {} from {}: live {}, child restarted for {}, at the"
            + " supervisor's next start {}",
        name,
        now.number(),
        file,
        change.live(),
        change.restartChild(),
        change.needsSupervisorRestart());
    boolean childRuns =
        before != ChildState.STOPPED && before != ChildState.EXITED && before != ChildState.FATAL;
    if (change.restartsChild() && childRuns) {
      ReloadSettings r = next.config().reload();
      // The same stop, start and wait for ready as reload's restart: true.
      ChildReload.perform(supervisor, new ReloadSettings(r.signal(), true, r.timeout()));
    }
    return true;
  }

  private String locate(ConfigException e) {
    try {
      return ConfigFile.load(file).locate(e).getMessage();
    } catch (RuntimeException unreadable) {
      return file + ": " + e.getMessage();
    }
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }
}
