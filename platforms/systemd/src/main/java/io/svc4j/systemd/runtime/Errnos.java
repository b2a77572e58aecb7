package io.svc4j.systemd.runtime;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

/**
 * The errno that best names why a service failed, for systemd's {@code ERRNO=}: {@code systemctl
 * status} then shows e.g. "Error: 98 (Address already in use)". Only causes with an unambiguous
 * errno are mapped; anything else sends no ERRNO rather than a misleading one.
 */
final class Errnos {

  static final int ENOENT = 2;
  static final int ENOMEM = 12;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int EADDRINUSE = 98;
  static final int EADDRNOTAVAIL = 99;
  static final int ENETUNREACH = 101;
  static final int ETIMEDOUT = 110;
  static final int ECONNREFUSED = 111;
  static final int EHOSTUNREACH = 113;

  /**
   * The JDK's socket exceptions carry the libc strerror text, not the number; BindException alone
   * can mean EADDRINUSE, EADDRNOTAVAIL or EACCES.
   */
  private static final Map<String, Integer> SOCKET_MESSAGES =
      Map.of(
          "Address already in use", EADDRINUSE,
          "Cannot assign requested address", EADDRNOTAVAIL,
          "Permission denied", EACCES,
          "Connection refused", ECONNREFUSED,
          "Connection timed out", ETIMEDOUT,
          "Network is unreachable", ENETUNREACH,
          "No route to host", EHOSTUNREACH);

  private Errnos() {}

  /** Walks the cause chain and returns the errno of the first cause that has one. */
  static OptionalInt of(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      OptionalInt errno = direct(t);
      if (errno.isPresent()) {
        return errno;
      }
    }
    return OptionalInt.empty();
  }

  private static OptionalInt direct(Throwable t) {
    if (t instanceof com.sun.jna.LastErrorException e) {
      return e.getErrorCode() > 0 ? OptionalInt.of(e.getErrorCode()) : OptionalInt.empty();
    }
    if (t instanceof SocketException && t.getMessage() != null) {
      for (var entry : SOCKET_MESSAGES.entrySet()) {
        if (t.getMessage().contains(entry.getKey())) {
          return OptionalInt.of(entry.getValue());
        }
      }
      return OptionalInt.empty();
    }
    int errno =
        switch (t) {
          case SocketTimeoutException e -> ETIMEDOUT;
          case TimeoutException e -> ETIMEDOUT;
          case NoSuchFileException e -> ENOENT;
          case FileAlreadyExistsException e -> EEXIST;
          case AccessDeniedException e -> EACCES;
          case OutOfMemoryError e -> ENOMEM;
          default -> 0;
        };
    return errno == 0 ? OptionalInt.empty() : OptionalInt.of(errno);
  }
}
