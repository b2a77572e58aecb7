package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The child's captured stdout and stderr (the same file when merged), in a log directory held open
 * so that files are made inside it by name only. Lives as long as the supervisor, across runs.
 */
public final class CapturedLogs implements AutoCloseable {

  private final LogDirectory directory;
  private final LogFile stdout;
  private final LogFile stderr;
  private final boolean timestamps;

  private CapturedLogs(LogDirectory directory, LogFile stdout, LogFile stderr, boolean timestamps) {
    this.directory = directory;
    this.stdout = stdout;
    this.stderr = stderr;
    this.timestamps = timestamps;
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
      return new CapturedLogs(directory, out, err, logs.timestamps());
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
