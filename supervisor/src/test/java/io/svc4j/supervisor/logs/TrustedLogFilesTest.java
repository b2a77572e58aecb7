package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the readers of captured logs open, in a directory they trust: plain files only. A FIFO where
 * the log file should be would hang a reader (the console's request thread, {@code svc4j logs}) in
 * open(2) forever; a link is not followed; a directory others can write is refused.
 */
class TrustedLogFilesTest {

  @TempDir Path tmp;

  @Test
  void aPlainFileIsReadAndItsIdentityIsTheNamesOne() throws Exception {
    Path file = Files.writeString(tmp.resolve("web.out.log"), "hello\n");
    TrustedLogFiles.Opened opened = TrustedLogFiles.open(file);
    try (var channel = opened.channel()) {
      ByteBuffer b = ByteBuffer.allocate(64);
      channel.read(b);
      assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8))
          .isEqualTo("hello\n");
    }
    assertThat(opened.key()).isNotNull().isEqualTo(TrustedLogFiles.fileKey(file));
    assertThat(TrustedLogFiles.list(tmp)).containsExactly("web.out.log");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoWhereTheLogFileShouldBeIsRefusedWithoutHanging() throws Exception {
    Path fifo = tmp.resolve("web.out.log");
    new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    assertThat(Files.exists(fifo)).isTrue();
    assertThatThrownBy(() -> TrustedLogFiles.openForReading(fifo))
        .isInstanceOf(ForeignEntryException.class)
        .hasMessage("'" + fifo + "' is not a plain file (a FIFO or a device), so not a log file");
    assertThat(TrustedLogFiles.list(tmp)).isEmpty();
  }

  @Test
  void aLinkAsTheFileIsNotFollowed() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret"), "root:hash\n");
    Path link = Files.createSymbolicLink(tmp.resolve("web.out.log"), secret);
    assertThatThrownBy(() -> TrustedLogFiles.openForReading(link))
        .isInstanceOf(ForeignEntryException.class)
        .hasMessage("'" + link + "' is a symbolic link, not a log file; it is not followed");
    assertThat(TrustedLogFiles.fileKey(link)).isNotEqualTo(TrustedLogFiles.fileKey(secret));
    assertThat(TrustedLogFiles.list(tmp)).containsExactly("secret");
  }

  @Test
  void aMissingFileOrDirectoryIsNoSuchFile() {
    assertThatThrownBy(() -> TrustedLogFiles.openForReading(tmp.resolve("web.out.log")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> TrustedLogFiles.openForReading(tmp.resolve("gone/web.out.log")))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(TrustedLogFiles.fileKey(tmp.resolve("gone/web.out.log"))).isNull();
  }

  @Test
  void aLogDirectoryOthersCanWriteIsRefused() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Files.writeString(logs.resolve("web.out.log"), "hello\n");
    Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> TrustedLogFiles.openForReading(logs.resolve("web.out.log")))
        .isInstanceOf(UnsafeDirectoryException.class)
        .hasMessage(
            "'"
                + logs
                + "' is not safe for reading logs: '"
                + logs
                + "' is writable by every user (mode 0777), who could plant links there; chmod"
                + " go-w '"
                + logs
                + "' or choose another directory (e.g. /var/log/svc4j/NAME)");
    assertThatThrownBy(() -> TrustedLogFiles.list(logs))
        .isInstanceOf(UnsafeDirectoryException.class);
  }
}
