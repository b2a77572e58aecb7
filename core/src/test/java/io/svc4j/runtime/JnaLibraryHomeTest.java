package io.svc4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where JNA's native library is extracted once: only to a place no other (less-privileged) user can
 * write, since root would load whatever that user put there. The attacks run as root against files
 * and directories really owned by {@code nobody} (uid 65534).
 */
class JnaLibraryHomeTest {

  private static final int NOBODY = 65534;
  private static final byte[] LIBRARY =
      "\u007fELF pretend libjnidispatch".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private Path base;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(JnaLibraryHome.currentUid() == 0, "the attacks need root to give files to nobody");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    base = tmp.resolve("cache/svc4j/jna");
  }

  @Test
  void extractsOnceIntoAPrivateDirectoryAndReusesIt() throws Exception {
    Path dir = JnaLibraryHome.prepare(base, LIBRARY).orElseThrow();
    Path file = dir.resolve("libjnidispatch.so");
    assertThat(file).hasBinaryContent(LIBRARY);
    assertThat(dir.getParent()).isEqualTo(base);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");
    var modified = Files.getLastModifiedTime(file);
    var inode = Files.getAttribute(file, "unix:ino");

    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).contains(dir);
    assertThat(Files.getAttribute(file, "unix:ino")).as("not written again").isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
  }

  @Test
  void aDirectoryPlantedByAnotherUserIsRefused() throws Exception {
    Files.createDirectories(base);
    Files.setAttribute(base, "unix:uid", NOBODY);
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).isEmpty();
  }

  @Test
  void aDirectoryAboveOwnedByAnotherUserIsRefused() throws Exception {
    Files.createDirectories(tmp.resolve("cache"));
    Files.setAttribute(tmp.resolve("cache"), "unix:uid", NOBODY); // could rename svc4j/ away

    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).isEmpty();
  }

  @Test
  void aWorldWritableDirectoryAboveIsRefusedUnlessSticky() throws Exception {
    Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(
        tmp.resolve("cache"), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).isEmpty();

    Files.setAttribute(tmp.resolve("cache"), "unix:mode", 01777); // like /tmp
    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).isPresent();
  }

  @Test
  void aLibraryPlantedByAnotherUserIsReplacedBeforeUse() throws Exception {
    Path dir = JnaLibraryHome.prepare(base, LIBRARY).orElseThrow();
    Path file = dir.resolve("libjnidispatch.so");
    Files.write(file, "evil".getBytes(StandardCharsets.UTF_8));
    Files.setAttribute(file, "unix:uid", NOBODY);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).contains(dir);
    assertThat(file).hasBinaryContent(LIBRARY);
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(0);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aSymlinkInPlaceOfTheLibraryIsReplaced() throws Exception {
    Path dir = JnaLibraryHome.prepare(base, LIBRARY).orElseThrow();
    Path file = dir.resolve("libjnidispatch.so");
    Path elsewhere = Files.write(tmp.resolve("elsewhere.so"), LIBRARY);
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);

    assertThat(JnaLibraryHome.prepare(base, LIBRARY)).contains(dir);
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void anotherJnaBuildGetsItsOwnDirectory() throws Exception {
    Path one = JnaLibraryHome.prepare(base, LIBRARY).orElseThrow();
    Path two =
        JnaLibraryHome.prepare(base, "another build".getBytes(StandardCharsets.UTF_8))
            .orElseThrow();

    assertThat(two).isNotEqualTo(one);
    assertThat(one.resolve("libjnidispatch.so")).hasBinaryContent(LIBRARY);
  }
}
