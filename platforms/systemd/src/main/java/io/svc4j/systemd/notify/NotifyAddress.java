package io.svc4j.systemd.notify;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code NOTIFY_SOCKET} value as a {@code struct sockaddr_un} plus the length to pass to sendto.
 *
 * <p>Abstract sockets ({@code @name}) are the case other Java libraries get wrong: the kernel
 * compares the whole address length, so the name is a leading NUL byte followed by exactly the name
 * bytes — no trailing NUL, and a length that ends with the name. Path sockets carry the path and a
 * terminating NUL, like libsystemd does.
 *
 * @param sockaddr the bytes of {@code struct sockaddr_un}, zero-filled to its full size
 * @param length the address length for sendto: offset of sun_path plus the used bytes
 * @param text the original NOTIFY_SOCKET value, for messages
 */
public record NotifyAddress(byte[] sockaddr, int length, String text) {

  /** {@code offsetof(struct sockaddr_un, sun_path)}: after the 16-bit sun_family. */
  static final int SUN_PATH_OFFSET = 2;

  /** {@code sizeof(sun_path)} on Linux. */
  static final int SUN_PATH_SIZE = 108;

  /**
   * Parses a NOTIFY_SOCKET value.
   *
   * @throws IllegalArgumentException with a one-line explanation when the value cannot be used
   */
  public static NotifyAddress parse(String value) {
    if (value.startsWith("@")) {
      byte[] name = value.substring(1).getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || 1 + name.length > SUN_PATH_SIZE) {
        throw new IllegalArgumentException(
            "NOTIFY_SOCKET=" + value + ": an abstract socket name must be 1 to 107 bytes long");
      }
      byte[] sockaddr = emptySockaddr();
      // sun_path[0] stays 0: that NUL is what makes the name abstract.
      System.arraycopy(name, 0, sockaddr, SUN_PATH_OFFSET + 1, name.length);
      return new NotifyAddress(sockaddr, SUN_PATH_OFFSET + 1 + name.length, value);
    }
    if (value.startsWith("/")) {
      byte[] path = value.getBytes(StandardCharsets.UTF_8);
      if (path.length + 1 > SUN_PATH_SIZE) {
        throw new IllegalArgumentException(
            "NOTIFY_SOCKET="
                + value
                + ": the socket path is longer than the 107 bytes a Unix socket address holds;"
                + " use a shorter RuntimeDirectory or an abstract socket");
      }
      byte[] sockaddr = emptySockaddr();
      System.arraycopy(path, 0, sockaddr, SUN_PATH_OFFSET, path.length);
      return new NotifyAddress(sockaddr, SUN_PATH_OFFSET + path.length + 1, value);
    }
    throw new IllegalArgumentException(
        "NOTIFY_SOCKET="
            + value
            + ": unsupported address; svc4j speaks to an absolute socket path or an @abstract"
            + " name (vsock: addresses are not supported)");
  }

  private static byte[] emptySockaddr() {
    byte[] sockaddr = new byte[SUN_PATH_OFFSET + SUN_PATH_SIZE];
    // sun_family is a native-endian unsigned short.
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      sockaddr[0] = (byte) LinuxC.AF_UNIX;
    } else {
      sockaddr[1] = (byte) LinuxC.AF_UNIX;
    }
    return sockaddr;
  }
}
