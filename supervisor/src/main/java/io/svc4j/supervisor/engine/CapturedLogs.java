package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.LogLimits;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The child's captured stdout and stderr (the same file when merged), in a log directory held open
 * so that files are made inside it by name only. Lives as long as the supervisor, across runs; a
 * re-read {@code logs:} section switches its files and limits while the child runs ({@link
 * LogSwitch}).
 */
public final class CapturedLogs implements AutoCloseable {

  private final String name;
  private volatile LogSettings settings;
  private volatile LogDirectory directory;
  private final LogFile stdout;
  private final LogFile stderr;
  private volatile boolean timestamps;

  private CapturedLogs(
      String name, LogSettings settings, LogDirectory directory, LogFile stdout, LogFile stderr) {
    this.name = name;
    this.settings = settings;
    this.directory = directory;
    this.stdout = stdout;
    this.stderr = stderr;
    this.timestamps = settings.timestamps();
  }

  /**
   * Opens the log files of {@code name} in {@code logs.directory()}; throws {@link ConfigException}
   * naming {@code logs.directory} when it is unsafe or not writable.
   */
  public static CapturedLogs open(
      LogSettings logs, String name, String runAs, ChildPlatform platform) {
    try {
      platform.secureDirectory(logs.directory(), "log"); // not %ProgramData%'s inherited ACL
      LogDirectory directory = LogDirectory.open(logs.directory(), LogAccess.forRunAs(runAs));
      LogFile out = open(directory, logs, logs.stdoutFile(name));
      LogFile err = logs.merged(name) ? out : open(directory, logs, logs.stderrFile(name));
      return new CapturedLogs(name, logs, directory, out, err);
    } catch (UnsafeDirectoryException e) {
      throw new ConfigException("logs.directory", e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(
          "logs.directory",
          "cannot write log files in '" + logs.directory() + "': " + e.getMessage());
    }
  }

  private static LogFile open(LogDirectory directory, LogSettings logs, String file)
      throws IOException {
    return new LogFile(
        directory,
        false,
        file,
        logs.maxSize(),
        logs.rotateEvery(),
        logs.keep(),
        logs.gzip(),
        logs.bufferBytes());
  }

  /**
   * Checks a re-read {@code logs:} section as a start would (a new directory is opened, so its
   * security rules are checked again) without changing what runs; throws {@link ConfigException}
   * naming {@code logs.directory} when it is refused.
   */
  public LogSwitch prepare(LogSettings next, String runAs, ChildPlatform platform) {
    if (next.directory().equals(settings.directory())) {
      return new LogSwitch(this, next, null);
    }
    return new LogSwitch(this, next, openDirectory(next, runAs, platform));
  }

  private static LogDirectory openDirectory(
      LogSettings logs, String runAs, ChildPlatform platform) {
    try {
      platform.secureDirectory(logs.directory(), "log");
      return LogDirectory.open(logs.directory(), LogAccess.forRunAs(runAs));
    } catch (UnsafeDirectoryException e) {
      throw new ConfigException("logs.directory", e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(
          "logs.directory",
          "cannot write log files in '" + logs.directory() + "': " + e.getMessage());
    }
  }

  /**
   * Switches to {@code next}: each file continues at its next line in its new place and with its
   * new limits; the pumps keep reading the same pipes. The old directory is closed once both files
   * have left it.
   */
  void apply(LogSettings next, LogDirectory newDirectory) {
    LogSettings before = settings;
    LogDirectory old = directory;
    LogDirectory target = newDirectory != null ? newDirectory : old;
    var moves = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Void>>();
    for (LogFile file : stderr == stdout ? List.of(stdout) : List.of(stdout, stderr)) {
      boolean out = file == stdout;
      String was = out ? before.stdoutFile(name) : before.stderrFile(name);
      String now = out ? next.stdoutFile(name) : next.stderrFile(name);
      if (newDirectory != null || !was.equals(now)) {
        moves.add(file.moveTo(target, now));
      }
      if (!limits(before).equals(limits(next))) {
        file.reconfigure(limits(next));
      }
    }
    timestamps = next.timestamps();
    settings = next;
    directory = target;
    if (newDirectory != null) {
      java.util.concurrent.CompletableFuture.allOf(
              moves.toArray(java.util.concurrent.CompletableFuture[]::new))
          .whenComplete((done, failed) -> old.close());
    }
  }

  private static LogLimits limits(LogSettings logs) {
    return new LogLimits(
        logs.maxSize(), logs.rotateEvery(), logs.keep(), logs.gzip(), logs.bufferBytes());
  }

  LogFile stdout() {
    return stdout;
  }

  LogFile stderr() {
    return stderr;
  }

  boolean timestamps() {
    return timestamps;
  }

  /** The open log files by stream ("stdout", "stderr", or "output" when merged). */
  public java.util.Map<String, LogFile> byStream() {
    return stderr == stdout
        ? java.util.Map.of("output", stdout)
        : java.util.Map.of("stdout", stdout, "stderr", stderr);
  }

  public Path stdoutPath() {
    return stdout.path();
  }

  /** Lines dropped because the disk could not keep up or was full. */
  long droppedLines() {
    return stdout.droppedLines() + (stderr == stdout ? 0 : stderr.droppedLines());
  }

  /** What went wrong with log capture (disk full), "" when nothing did. */
  String trouble() {
    String out = stdout.trouble();
    String err = stderr == stdout ? "" : stderr.trouble();
    return out.isEmpty() ? err : err.isEmpty() ? out : out + "; " + err;
  }

  @Override
  public void close() {
    stdout.close();
    if (stderr != stdout) {
      stderr.close();
    }
    directory.close();
  }
}
