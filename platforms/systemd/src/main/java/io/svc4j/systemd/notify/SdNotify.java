package io.svc4j.systemd.notify;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.svc4j.runtime.HostEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sd_notify messages to the service manager that started this process.
 *
 * <p>Without {@code NOTIFY_SOCKET} every method is a silent no-op, so code can notify
 * unconditionally. Failures never reach the caller: a service must not break because its manager
 * went away. The first failure is logged as a warning, later ones at debug level.
 *
 * <p>Each message opens its own datagram socket, as libsystemd does: no state to share between
 * threads, nothing to leak.
 */
public final class SdNotify {

  private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

  private final NotifyAddress address;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** Notifies the manager named by {@code NOTIFY_SOCKET} in {@code environment}. */
  public SdNotify(HostEnvironment environment) {
    this.address = environment.variable("NOTIFY_SOCKET").flatMap(SdNotify::parse).orElse(null);
  }

  /** The notifier for this process's own environment. */
  public static SdNotify fromEnvironment() {
    return new SdNotify(HostEnvironment.current());
  }

  private static Optional<NotifyAddress> parse(String value) {
    try {
      return Optional.of(NotifyAddress.parse(value));
    } catch (IllegalArgumentException e) {
      log.warn("Not notifying systemd: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether a usable NOTIFY_SOCKET is set. */
  public boolean isEnabled() {
    return address != null;
  }

  /** {@code READY=1}: startup finished (or a reload finished). */
  public boolean ready() {
    return send("READY=1");
  }

  /** {@code STATUS=}: one line of status; line breaks become spaces. */
  public boolean status(String text) {
    return send(statusLine(text));
  }

  /** {@code STOPPING=1}: shutdown began. */
  public boolean stopping() {
    return send("STOPPING=1");
  }

  /** {@code RELOADING=1} with {@code MONOTONIC_USEC}, in one datagram as systemd requires. */
  public boolean reloading() {
    if (!isEnabled()) {
      return false;
    }
    long now;
    try {
      now = MonotonicClock.nowMicros();
    } catch (LinkageError | RuntimeException e) {
      failed("RELOADING=1", "cannot read CLOCK_MONOTONIC: " + e);
      return false;
    }
    return send("RELOADING=1\nMONOTONIC_USEC=" + now);
  }

  /** {@code WATCHDOG=1}: the keep-alive ping. */
  public boolean watchdog() {
    return send("WATCHDOG=1");
  }

  /** {@code EXTEND_TIMEOUT_USEC=}: the current start or stop may take {@code extra} longer. */
  public boolean extendTimeout(Duration extra) {
    return send("EXTEND_TIMEOUT_USEC=" + micros(extra));
  }

  /** {@code ERRNO=}: the errno-style reason the service failed. */
  public boolean errno(int errno) {
    return send("ERRNO=" + errno);
  }

  /** The {@code STATUS=} assignment for {@code text}, safe to combine with others. */
  public static String statusLine(String text) {
    String line =
        text == null ? "" : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    return "STATUS=" + line;
  }

  static long micros(Duration duration) {
    try {
      return duration.toNanos() / 1_000L;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Sends newline-separated assignments as one datagram of their UTF-8 bytes.
   *
   * @return true if the datagram was handed to the kernel
   */
  public boolean send(String assignments) {
    if (address == null) {
      return false;
    }
    byte[] datagram = assignments.getBytes(StandardCharsets.UTF_8);
    int fd = -1;
    try {
      LinuxC c = LinuxC.get();
      fd = c.socket(LinuxC.AF_UNIX, LinuxC.SOCK_DGRAM | LinuxC.SOCK_CLOEXEC, 0);
      long sent =
          c.sendto(
                  fd,
                  datagram,
                  new NativeLong(datagram.length),
                  LinuxC.MSG_NOSIGNAL,
                  address.sockaddr(),
                  address.length())
              .longValue();
      if (sent != datagram.length) {
        failed(assignments, "sent " + sent + " of " + datagram.length + " bytes");
        return false;
      }
      return true;
    } catch (LastErrorException e) {
      failed(assignments, "errno " + e.getErrorCode() + " (" + e.getMessage() + ")");
      return false;
    } catch (LinkageError | RuntimeException e) {
      // No libc or no JNA native part for this machine: nothing to notify with.
      failed(assignments, e.toString());
      return false;
    } finally {
      if (fd >= 0) {
        try {
          LinuxC.get().close(fd);
        } catch (LastErrorException ignored) {
          // close of a datagram socket that sent nothing pending cannot lose data
        }
      }
    }
  }

  private void failed(String assignments, String why) {
    String first = assignments.lines().findFirst().orElse("");
    if (warned.compareAndSet(false, true)) {
      log.warn(
          "Could not notify systemd at {} ({}): {}; further failures are logged at debug level",
          address.text(),
          first,
          why);
    } else {
      log.debug("Could not notify systemd at {} ({}): {}", address.text(), first, why);
    }
  }
}
