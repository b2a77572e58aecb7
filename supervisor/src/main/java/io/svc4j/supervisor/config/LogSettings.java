package io.svc4j.supervisor.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the child's stdout and stderr go, and how the files rotate. Null components take the
 * defaults.
 *
 * @param directory where log files live (created if missing); required
 * @param stdout file name of the stdout log inside {@code directory}; default {@code
 *     <name>.out.log}
 * @param stderr file name of the stderr log; default {@code <name>.err.log}; the same name as
 *     {@code stdout} merges both streams into one file
 * @param maxSize rotate a file once it reaches this many bytes (default 10 MiB)
 * @param keep how many rotated files to keep, {@code name.1} newest (default 5; 0 truncates)
 * @param gzip compress rotated files to {@code name.N.gz} (default false)
 * @param timestamps prefix each line with the UTC instant it was read (default false)
 * @param rotateEvery also rotate a file that has been written to for this long, e.g. {@code 1d}
 *     (null: by size only); an empty file is never rotated
 * @param bufferBytes per file, how many bytes may wait for the disk before lines are dropped
 *     (counted and reported, never silently); the child is never blocked (default 8 MiB)
 * @param supervisorLog file name of the supervisor's own log (its decisions: starts, exits,
 *     restarts, health, stops), separate from the child's output; default {@code <name>.svc4j.log};
 *     rotated by {@code max-size} and {@code keep} like the others
 * @param supervisorFormat the supervisor's own log as text lines (default) or JSON lines
 */
public record LogSettings(
    Path directory,
    String stdout,
    String stderr,
    Long maxSize,
    Integer keep,
    Boolean gzip,
    Boolean timestamps,
    Duration rotateEvery,
    Long bufferBytes,
    String supervisorLog,
    LogFormat supervisorFormat) {

  public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;
  public static final int DEFAULT_KEEP = 5;
  public static final long DEFAULT_BUFFER = 8L * 1024 * 1024;

  public LogSettings {
    ConfigException.require(directory != null, "directory", "is required");
    maxSize = maxSize == null ? DEFAULT_MAX_SIZE : maxSize;
    keep = keep == null ? DEFAULT_KEEP : keep;
    gzip = gzip != null && gzip;
    timestamps = timestamps != null && timestamps;
    bufferBytes = bufferBytes == null ? DEFAULT_BUFFER : bufferBytes;
    supervisorFormat = supervisorFormat == null ? LogFormat.TEXT : supervisorFormat;
    if (rotateEvery != null) {
      ConfigException.require(
          rotateEvery.compareTo(Duration.ofSeconds(1)) >= 0,
          "rotate-every",
          "must be at least 1s, got " + rotateEvery);
    }
    checkName(stdout, "stdout");
    checkName(stderr, "stderr");
    checkName(supervisorLog, "supervisor-log");
    ConfigException.require(
        maxSize >= 1024, "max-size", "must be at least 1024 bytes, got " + maxSize);
    ConfigException.require(keep >= 0 && keep <= 1000, "keep", "must be in [0, 1000], got " + keep);
    ConfigException.require(
        bufferBytes >= 64 * 1024, "buffer", "must be at least 65536 bytes, got " + bufferBytes);
  }

  private static void checkName(String file, String setting) {
    if (file != null) {
      ConfigException.require(
          !file.isBlank() && !file.contains("/") && !file.equals(".") && !file.equals(".."),
          setting,
          "'" + file + "' must be a file name inside logs.directory, without '/'");
    }
  }

  /** Defaults for everything but the directory. */
  public static LogSettings in(Path directory) {
    return new LogSettings(directory, null, null, null, null, null, null, null, null, null, null);
  }

  /** The file name of the supervisor's own log for service {@code name}. */
  public String supervisorFile(String name) {
    return supervisorLog != null ? supervisorLog : name + ".svc4j.log";
  }

  /** The stdout file name for service {@code name}. */
  public String stdoutFile(String name) {
    return stdout != null ? stdout : name + ".out.log";
  }

  /** The stderr file name for service {@code name}. */
  public String stderrFile(String name) {
    return stderr != null ? stderr : name + ".err.log";
  }

  public boolean merged(String name) {
    return stdoutFile(name).equals(stderrFile(name));
  }

  public LogSettings withRotation(long newMaxSize, int newKeep, boolean newGzip) {
    Copy c = new Copy(this);
    c.maxSize = newMaxSize;
    c.keep = newKeep;
    c.gzip = newGzip;
    return c.build();
  }

  public LogSettings withTimestamps(boolean on) {
    Copy c = new Copy(this);
    c.timestamps = on;
    return c.build();
  }

  public LogSettings withBuffer(long bytes) {
    Copy c = new Copy(this);
    c.bufferBytes = bytes;
    return c.build();
  }

  public LogSettings withRotateEvery(Duration every) {
    Copy c = new Copy(this);
    c.rotateEvery = every;
    return c.build();
  }

  public LogSettings withDirectory(Path newDirectory) {
    Copy c = new Copy(this);
    c.directory = newDirectory;
    return c.build();
  }

  public LogSettings withSupervisorFormat(LogFormat format) {
    Copy c = new Copy(this);
    c.supervisorFormat = format;
    return c.build();
  }

  /** A mutable copy for the with-methods, so each names only what it changes. */
  private static final class Copy {
    Path directory;
    String stdout;
    String stderr;
    Long maxSize;
    Integer keep;
    Boolean gzip;
    Boolean timestamps;
    Duration rotateEvery;
    Long bufferBytes;
    String supervisorLog;
    LogFormat supervisorFormat;

    Copy(LogSettings s) {
      directory = s.directory;
      stdout = s.stdout;
      stderr = s.stderr;
      maxSize = s.maxSize;
      keep = s.keep;
      gzip = s.gzip;
      timestamps = s.timestamps;
      rotateEvery = s.rotateEvery;
      bufferBytes = s.bufferBytes;
      supervisorLog = s.supervisorLog;
      supervisorFormat = s.supervisorFormat;
    }

    LogSettings build() {
      return new LogSettings(
          directory,
          stdout,
          stderr,
          maxSize,
          keep,
          gzip,
          timestamps,
          rotateEvery,
          bufferBytes,
          supervisorLog,
          supervisorFormat);
    }
  }
}
