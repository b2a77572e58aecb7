package io.svc4j.supervisor.logs;

import java.io.IOException;

/**
 * Where a log file was to be opened there is something svc4j did not make: a symbolic link, a FIFO
 * or device, a file with other hard links or of another owner. It is never written through.
 */
public final class ForeignEntryException extends IOException {
  public ForeignEntryException(String message) {
    super(message);
  }
}
