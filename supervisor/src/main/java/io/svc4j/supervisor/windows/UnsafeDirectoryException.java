package io.svc4j.supervisor.windows;

/**
 * A directory others may write to, refused in one line that names the fix. Unchecked, so that no
 * caller that tolerates I/O failures (a missing AF_UNIX, a full disk) takes it for one of those.
 */
public final class UnsafeDirectoryException extends IllegalStateException {

  public UnsafeDirectoryException(String message) {
    super(message);
  }
}
