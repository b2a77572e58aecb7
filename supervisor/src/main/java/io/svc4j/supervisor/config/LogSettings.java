package io.svc4j.supervisor.config;

import java.nio.file.Path;

/**
 * Where the child's stdout and stderr go, and how the files rotate.
 *
 * @param directory where log files live (created if missing)
 * @param stdout file name of the stdout log, relative to {@code directory}
 * @param stderr file name of the stderr log; the same name as {@code stdout} merges both streams
 *     into one file
 * @param maxSize rotate a file once it reaches this many bytes
 * @param keep how many rotated files to keep ({@code name.1} newest ... {@code name.keep})
 * @param gzip compress rotated files ({@code name.1.gz})
 * @param timestamps prefix each line with the ISO-8601 instant it was read
 * @param bufferBytes per stream, how many bytes may wait for the disk before lines are dropped
 *     (counted and reported, never silently); the child is never blocked
 */
public record LogSettings(
    Path directory,
    String stdout,
    String stderr,
    long maxSize,
    int keep,
    boolean gzip,
    boolean timestamps,
    long bufferBytes) {

  public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;
  public static final int DEFAULT_KEEP = 5;
  public static final long DEFAULT_BUFFER = 8L * 1024 * 1024;

  public LogSettings {
    ConfigException.require(directory != null, "directory", "is required");
    ConfigException.require(
        stdout != null && !stdout.isBlank(), "stdout", "must name a file, e.g. app.out.log");
    ConfigException.require(
        stderr != null && !stderr.isBlank(), "stderr", "must name a file, e.g. app.err.log");
    ConfigException.require(
        !stdout.contains("/") && !stderr.contains("/"),
        stdout.contains("/") ? "stdout" : "stderr",
        "must be a file name inside logs.directory, without '/'");
    ConfigException.require(
        maxSize >= 1024, "max-size", "must be at least 1024 bytes, got " + maxSize);
    ConfigException.require(keep >= 0 && keep <= 1000, "keep", "must be in [0, 1000], got " + keep);
    ConfigException.require(
        bufferBytes >= 64 * 1024, "buffer", "must be at least 65536 bytes, got " + bufferBytes);
  }

  /** Defaults for a service: {@code <dir>/<name>.out.log} and {@code <dir>/<name>.err.log}. */
  public static LogSettings defaults(Path directory, String name) {
    return new LogSettings(
        directory,
        name + ".out.log",
        name + ".err.log",
        DEFAULT_MAX_SIZE,
        DEFAULT_KEEP,
        false,
        false,
        DEFAULT_BUFFER);
  }

  public boolean merged() {
    return stdout.equals(stderr);
  }

  public LogSettings withRotation(long newMaxSize, int newKeep, boolean newGzip) {
    return new LogSettings(
        directory, stdout, stderr, newMaxSize, newKeep, newGzip, timestamps, bufferBytes);
  }

  public LogSettings withTimestamps(boolean on) {
    return new LogSettings(directory, stdout, stderr, maxSize, keep, gzip, on, bufferBytes);
  }

  public LogSettings withBuffer(long bytes) {
    return new LogSettings(directory, stdout, stderr, maxSize, keep, gzip, timestamps, bytes);
  }
}
