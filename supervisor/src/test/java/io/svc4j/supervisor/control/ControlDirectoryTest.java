package io.svc4j.supervisor.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the directory of the control sockets: another user who can change what is in it could
 * stand in for a supervisor and receive an operator's commands. This suite runs as root, like a
 * system service and its operator (see {@code ControlTest.rootServicesLiveUnderRun}).
 */
class ControlDirectoryTest {

  private static final int NOBODY = 65534;

  @TempDir Path tmp;

  @Test
  void aDirectoryOwnedByAnotherUserIsRefusedBySupervisorAndOperator() throws Exception {
    // The /tmp/svc4j-UID fallback: another local user created the name first.
    Path dir = Files.createDirectory(tmp.resolve("svc4j-0"));
    Files.setAttribute(dir, "unix:uid", NOBODY);
    Path socket = dir.resolve("web.sock");

    assertThatThrownBy(() -> ControlServer.start(socket, c -> ControlReply.failed("real")))
        .isInstanceOf(ControlDirectory.UntrustedDirectoryException.class)
        .hasMessage(
            "control socket directory '"
                + dir
                + "' belongs to uid 65534, not to uid 0 or root, so its owner could stand in for"
                + " the supervisor; remove it (rm -r '"
                + dir
                + "') and start again");
    assertThat(socket).doesNotExist();

    // Its owner's stand-in answers every command "ok"; the operator's client must not talk to it.
    try (var impostor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      impostor.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(
              () -> ControlClient.send(socket, SupervisorCommand.STOP, Duration.ofSeconds(5)))
          .isInstanceOf(ControlDirectory.UntrustedDirectoryException.class)
          .hasMessageContaining("belongs to uid 65534");
    }
  }

  @Test
  void aDirectoryOthersCanWriteIsRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> ControlServer.start(dir.resolve("web.sock"), c -> null))
        .isInstanceOf(ControlDirectory.UntrustedDirectoryException.class)
        .hasMessage(
            "control socket directory '"
                + dir
                + "' is writable by others (rwxrwxrwx), so another user could replace the"
                + " sockets in it; run chmod 700 '"
                + dir
                + "'");

    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
    assertThatThrownBy(() -> ControlServer.start(dir.resolve("web.sock"), c -> null))
        .hasMessageContaining("is writable by its group (rwxrwxr-x)");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aSymbolicLinkInPlaceOfTheDirectoryIsRefused() throws Exception {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path dir = Files.createSymbolicLink(tmp.resolve("run"), elsewhere);

    assertThatThrownBy(() -> ControlServer.start(dir.resolve("web.sock"), c -> null))
        .isInstanceOf(ControlDirectory.UntrustedDirectoryException.class)
        .hasMessageContaining("is a symbolic link, which another user may have planted");
    assertThat(elsewhere).isEmptyDirectory();
  }

  @Test
  void theSocketArrivesOwnerOnlyAndTheBindLeavesNothingBehind() throws Exception {
    Path dir = tmp.resolve("run"); // created by the server, 0700
    Path socket = dir.resolve("web.sock");
    try (var server = ControlServer.start(socket, c -> ControlReply.failed("here"))) {
      assertThat(Files.getPosixFilePermissions(dir))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      assertThat(Files.getPosixFilePermissions(socket))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (Stream<Path> entries = Files.list(dir)) {
        assertThat(entries).containsExactly(socket); // no staging directory left over
      }
      assertThat(
              ControlClient.send(socket, SupervisorCommand.STATUS, Duration.ofSeconds(5)).error())
          .isEqualTo("here");
    }
    assertThat(socket).doesNotExist();
  }
}
