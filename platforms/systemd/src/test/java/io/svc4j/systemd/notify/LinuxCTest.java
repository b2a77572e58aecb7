package io.svc4j.systemd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libc through JNA's Function, without an interface proxy: a failed call still throws {@link
 * LastErrorException} with the call's errno (what SdNotify reports), and a good one returns the C
 * result.
 */
class LinuxCTest {

  private static final int ENOENT = 2;
  private static final int EBADF = 9;

  @Test
  void aFailedCallThrowsItsErrno(@TempDir Path dir) {
    LinuxC c = LinuxC.get();
    int fd = c.socket(LinuxC.AF_UNIX, LinuxC.SOCK_DGRAM | LinuxC.SOCK_CLOEXEC, 0);
    assertThat(fd).isNotNegative();
    try {
      NotifyAddress gone = NotifyAddress.parse(dir.resolve("gone").toString());
      byte[] datagram = {'R'};
      assertThatThrownBy(
              () ->
                  c.sendto(
                      fd,
                      datagram,
                      new NativeLong(1),
                      LinuxC.MSG_NOSIGNAL,
                      gone.sockaddr(),
                      gone.length()))
          .isInstanceOfSatisfying(
              LastErrorException.class, e -> assertThat(e.getErrorCode()).isEqualTo(ENOENT));
    } finally {
      assertThat(c.close(fd)).isZero();
    }
    // -1, not fd again: another thread of this JVM may own that number by now.
    assertThatThrownBy(() -> c.close(-1))
        .isInstanceOfSatisfying(
            LastErrorException.class, e -> assertThat(e.getErrorCode()).isEqualTo(EBADF));
  }
}
