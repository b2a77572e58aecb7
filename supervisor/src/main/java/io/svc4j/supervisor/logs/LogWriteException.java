package io.svc4j.supervisor.logs;

import java.io.IOException;

/** Writing a log file failed; {@link #diskFull()} when because its file system has no room. */
public final class LogWriteException extends IOException {

  private final boolean diskFull;

  public LogWriteException(String message, boolean diskFull) {
    super(message);
    this.diskFull = diskFull;
  }

  public boolean diskFull() {
    return diskFull;
  }
}
