package io.svc4j.supervisor.logs;

import java.io.IOException;

/**
 * A log directory (or one above it) that someone other than root and the supervisor's user can
 * change: root would follow whatever links they plant there. The message is one line saying which
 * directory, why, and how to fix it.
 */
public final class UnsafeDirectoryException extends IOException {
  public UnsafeDirectoryException(String message) {
    super(message);
  }
}
