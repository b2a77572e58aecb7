package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which archive an installed service's java command gets (the JVM's own handling of a stale or
 * damaged one is proven with real JVMs, 21 and 25, by e2e's InstalledArchiveE2eTest). The attacks
 * run as root against files and directories really owned by {@code nobody} (uid 65534): such an
 * archive would be code run as the service's user.
 */
class ServiceArchiveTest {

  private static final int NOBODY = 65534;
  private static final boolean AOT = Runtime.version().feature() >= 25;
  private static final String EXT = AOT ? ".aot" : ".jsa";

  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(
        (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
        "the attacks need root to give files to nobody");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    dir = Files.createDirectories(tmp.resolve("archives"));
  }

  /** What the JVM writes first: the magic, and the VM that made the archive. */
  private static byte[] header(String vmVersion) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(
        AOT
            ? new byte[] {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0}
            : new byte[] {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0});
    out.write(new byte[60]);
    out.write(
        ("OpenJDK 64-Bit Server VM (" + vmVersion + ") for linux-amd64")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[8192]);
    return out.toByteArray();
  }

  private Path archive(String name) throws Exception {
    Path file = dir.resolve(name + EXT);
    Files.write(file, header(System.getProperty("java.vm.version")));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  @Test
  void anArchiveOfThisJvmInAPrivateDirectoryIsUsed() throws Exception {
    Path file = archive("web");
    List<String> flags = ServiceArchive.flags(dir, "web");
    assertThat(flags)
        .first()
        .isEqualTo((AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + file.toAbsolutePath());
    assertThat(flags).contains("-XX:+VerifySharedSpaces").noneMatch(f -> f.contains("AutoCreate"));
    assertThat(ServiceArchive.flags(dir, "other")).as("another service's name").isEmpty();
  }

  @Test
  void noArchiveNoFlags() {
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();
    assertThat(ServiceArchive.flags(tmp.resolve("missing"), "web")).isEmpty();
  }

  @Test
  void anArchiveOfAnotherJvmOrNoArchiveAtAllIsNotUsed() throws Exception {
    Files.write(dir.resolve("web" + EXT), header("21.0.1+12-LTS-not-this-one"));
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();

    Files.write(dir.resolve("web" + EXT), "not an archive".repeat(500).getBytes());
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();
  }

  @Test
  void anArchiveAnotherUserOwnsOrCanWriteIsNotUsed() throws Exception {
    Path file = archive("web");
    Files.setAttribute(file, "unix:uid", NOBODY);
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();

    Files.setAttribute(file, "unix:uid", 0);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();
  }

  @Test
  void aDirectoryAnotherUserOwnsOrCanWriteIsNotUsed() throws Exception {
    archive("web");
    Files.setAttribute(dir, "unix:uid", NOBODY); // could swap the file for one of theirs
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();

    Files.setAttribute(dir, "unix:uid", 0);
    Files.setAttribute(dir, "unix:mode", 01777); // sticky is no excuse here: they could plant it
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();

    Files.setAttribute(dir, "unix:mode", 0755);
    Files.setAttribute(tmp, "unix:uid", NOBODY); // a directory further up
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();
  }

  @Test
  void aSymlinkInPlaceOfTheArchiveIsNotFollowed() throws Exception {
    Path real = archive("real");
    Files.createSymbolicLink(dir.resolve("web" + EXT), real);
    assertThat(ServiceArchive.flags(dir, "web")).isEmpty();
  }

  @Test
  void theInstalledCommandGetsNoFlagsWithoutAnArchive() {
    // The default directory has no archive for this name: the command is what it always was.
    List<String> command =
        new SelfCommandSource(ServiceArchiveTest.class)
            .command("svc4j-test-no-archive-here", List.of("a"), Duration.ofSeconds(5));
    assertThat(command).noneMatch(a -> a.startsWith("-XX:AOTCache") || a.contains("SharedArchive"));
  }
}
