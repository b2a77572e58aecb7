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
  private static final ServiceArchive.Kind KIND = ServiceArchive.kind(Runtime.version());
  private static final boolean AOT = KIND == ServiceArchive.Kind.AOT_CACHE;
  private static final String EXT = KIND.extension();
  private static final byte[] STATIC = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0};
  private static final byte[] DYNAMIC = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};

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
    return header(AOT ? STATIC : DYNAMIC, vmVersion);
  }

  private static byte[] header(byte[] magic, String vmVersion) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(magic);
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

  private static Path plant(Path file, byte[] content) throws Exception {
    Files.write(file, content);
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
  void anAotCacheGoesOnlyToAJvmThatChecksItsClassPath() {
    // JDK-8377932: up to 25.0.3 and 26.0.1 an AOT cache's class path may go unchecked, and the
    // archived classes of another jar (or of this jar before an upgrade) then run.
    for (String v : List.of("24.0.2", "25+36", "25.0.1+8-LTS", "25.0.3+9-LTS", "26", "26.0.1")) {
      assertThat(ServiceArchive.kind(Runtime.Version.parse(v)))
          .as(v)
          .isEqualTo(ServiceArchive.Kind.DYNAMIC_ARCHIVE);
    }
    for (String v : List.of("25.0.4+7-LTS", "25.0.10", "26.0.2", "27", "28.0.1")) {
      assertThat(ServiceArchive.kind(Runtime.Version.parse(v)))
          .as(v)
          .isEqualTo(ServiceArchive.Kind.AOT_CACHE);
    }
    for (String v : List.of("21.0.9+10-LTS", "22.0.2", "23")) {
      assertThat(ServiceArchive.kind(Runtime.Version.parse(v)))
          .as(v)
          .isEqualTo(ServiceArchive.Kind.CDS_ARCHIVE);
    }
  }

  @Test
  void aJvmThatMayNotCheckAnAotCachesClassPathGetsNoneUnderEitherName() throws Exception {
    String vm = "25.0.3+9-LTS";
    Runtime.Version affected = Runtime.Version.parse(vm);
    Path aot = plant(dir.resolve("web.aot"), header(STATIC, vm));
    assertThat(ServiceArchive.flags(dir, "web", affected, vm)).isEmpty();

    Files.move(aot, dir.resolve("web.jsa")); // an AOT cache under the dynamic archive's name
    assertThat(ServiceArchive.flags(dir, "web", affected, vm)).isEmpty();

    plant(dir.resolve("web.jsa"), header(DYNAMIC, vm)); // one whose class path it checks
    assertThat(ServiceArchive.flags(dir, "web", affected, vm))
        .first()
        .isEqualTo("-XX:SharedArchiveFile=" + dir.resolve("web.jsa").toAbsolutePath());

    String fixed = "25.0.4+7-LTS";
    plant(dir.resolve("web.aot"), header(STATIC, fixed));
    assertThat(ServiceArchive.flags(dir, "web", Runtime.Version.parse(fixed), fixed))
        .first()
        .isEqualTo("-XX:AOTCache=" + dir.resolve("web.aot").toAbsolutePath());
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
