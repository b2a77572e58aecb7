package io.svc4j.cli.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The class-data archive an installed Java service starts with: {@code svc4j install} (and an
 * application's own {@code install}) adds {@code -XX:AOTCache=FILE} (Java 25+) or {@code
 * -XX:SharedArchiveFile=FILE} (21-24) to the service's java command when {@code DIR/NAME.aot} or
 * {@code DIR/NAME.jsa} is there, is an archive of the very JVM that runs the service, and no one
 * but root (or the installing user) can write it or any directory above it. DIR is {@code
 * /var/cache/svc4j/archives} for root, {@code ${XDG_CACHE_HOME:-~/.cache}/svc4j/archives} for other
 * users. An archive is code the JVM maps and runs: one another user could write would run as the
 * service's user.
 *
 * <p>The archive is made by a training run of the service (docs/performance.md); svc4j does not run
 * the service at install to make one. A stale or damaged archive only costs speed: the JVM then
 * starts without it, silently (its {@code aot}/{@code cds} log output is off), and {@code
 * -XX:+VerifySharedSpaces} makes it check the archive's CRC first. No option that writes an archive
 * is used ({@code -XX:+AutoCreateSharedArchive} turns a failed write at exit into exit code 1 on
 * Java 21).
 *
 * <p>That an archive of another jar (or of the same jar before an upgrade) is not used is the JVM's
 * check of the archived class path against the jar's path, size and time, done at every start. The
 * JVMs up to 25.0.3 and 26.0.1 skip that check for an AOT cache whenever no class was loaded from
 * the jar while the cache was assembled (JDK-8377932): they then run the archived classes of
 * whatever jar the cache was trained on. Those JVMs get an AOT cache never; they get a dynamic
 * archive ({@code NAME.jsa}, written by {@code -XX:ArchiveClassesAtExit}), whose class path they do
 * check ({@link #kind}).
 */
public final class ServiceArchive {

  private static final byte[] STATIC_MAGIC = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0};
  private static final byte[] DYNAMIC_MAGIC = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};
  private static final int HEADER = 4096;

  private ServiceArchive() {}

  /** Which archive a JVM is given: each kind only where that JVM checks it against the jar. */
  public enum Kind {
    /** Java 25+ with JDK-8377932 fixed: {@code NAME.aot}, {@code -XX:AOTCache}. */
    AOT_CACHE(".aot"),
    /**
     * A JVM that may not check an AOT cache's class path: Java 24, 25.0.0-25.0.3, 26.0.0-26.0.1.
     * {@code NAME.jsa} written by {@code -XX:ArchiveClassesAtExit} only (a static archive there may
     * be an AOT cache under another name).
     */
    DYNAMIC_ARCHIVE(".jsa"),
    /** Java 21-23: {@code NAME.jsa}, dynamic or static, {@code -XX:SharedArchiveFile}. */
    CDS_ARCHIVE(".jsa");

    private final String extension;

    Kind(String extension) {
      this.extension = extension;
    }

    /** The archive file's extension, with its dot. */
    public String extension() {
      return extension;
    }
  }

  /**
   * The archive kind for a JVM of this version. JDK-8377932 (an AOT cache's class path goes
   * unchecked when the cache's assembly loaded no class from the jar) is fixed in 25.0.4, 26.0.2
   * and 27; Java 24's AOT cache is not trusted either (not tested here, and out of support).
   */
  public static Kind kind(Runtime.Version version) {
    int feature = version.feature();
    if (feature < 24) {
      return Kind.CDS_ARCHIVE;
    }
    boolean checksAotCacheClassPath =
        feature >= 27
            || (feature == 26 && version.update() >= 2)
            || (feature == 25 && version.update() >= 4);
    return checksAotCacheClassPath ? Kind.AOT_CACHE : Kind.DYNAMIC_ARCHIVE;
  }

  /** The flags for service {@code name} run by this JVM, from the default directory. */
  static List<String> flags(String name) {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return List.of();
    }
    try {
      return defaultDir().map(dir -> flags(dir, name)).orElse(List.of());
    } catch (RuntimeException e) {
      return List.of(); // only speed is lost
    }
  }

  /**
   * The flags for service {@code name}, run by this JVM, with its archive in {@code dir}; empty
   * when there is none, it belongs to another JVM, or someone else could have written it.
   */
  public static List<String> flags(Path dir, String name) {
    return flags(dir, name, Runtime.version(), System.getProperty("java.vm.version", ""));
  }

  static List<String> flags(Path dir, String name, Runtime.Version version, String vm) {
    Kind kind = kind(version);
    String file = name + kind.extension();
    return switch (kind) {
      case AOT_CACHE ->
          usable(dir, file, vm, STATIC_MAGIC)
              .map(
                  f ->
                      List.of(
                          "-XX:AOTCache=" + f,
                          "-XX:+VerifySharedSpaces",
                          "-Xlog:aot=off",
                          "-Xlog:cds=off"))
              .orElse(List.of());
      case DYNAMIC_ARCHIVE ->
          usable(dir, file, vm, DYNAMIC_MAGIC).map(ServiceArchive::cdsFlags).orElse(List.of());
      case CDS_ARCHIVE ->
          usable(dir, file, vm, DYNAMIC_MAGIC)
              .or(() -> usable(dir, file, vm, STATIC_MAGIC))
              .map(ServiceArchive::cdsFlags)
              .orElse(List.of());
    };
  }

  private static List<String> cdsFlags(Path file) {
    return List.of(
        "-XX:SharedArchiveFile=" + file,
        "-XX:+VerifySharedSpaces",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }

  private static Optional<Path> usable(Path dir, String fileName, String vm, byte[] magic) {
    try {
      Path file = dir.toAbsolutePath().normalize().resolve(fileName);
      if (!file.getParent().equals(dir.toAbsolutePath().normalize())
          || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || !privateChain(file)) {
        return Optional.empty();
      }
      byte[] header;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        header = in.readNBytes(HEADER);
      }
      return startsWith(header, magic) && identifies(header, vm)
          ? Optional.of(file)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The archive's header names the JVM that wrote it, e.g. "OpenJDK 64-Bit Server VM
   * (25.0.3+9-LTS)".
   */
  private static boolean identifies(byte[] header, String vm) {
    return !vm.isEmpty()
        && new String(header, StandardCharsets.ISO_8859_1).contains("(" + vm + ")");
  }

  private static boolean startsWith(byte[] header, byte[] magic) {
    if (header.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (header[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The file and every directory above it: root or this user, writable by no one else, no link. A
   * sticky directory (like /tmp) is accepted above the archive's own directory: no one else can
   * move or replace an entry of ours in it.
   */
  private static boolean privateChain(Path file) throws IOException {
    int uid = currentUid();
    Path dir = file.getParent();
    for (Path p = file; p != null; p = p.getParent()) {
      PosixFileAttributes a =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink() || (owner != 0 && owner != uid)) {
        return false;
      }
      boolean othersWrite =
          a.permissions().contains(PosixFilePermission.GROUP_WRITE)
              || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
      if (othersWrite && (p.equals(file) || p.equals(dir) || !sticky(p))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sticky(Path dir) throws IOException {
    return (((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 01000)
        != 0;
  }

  private static int currentUid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static Optional<Path> defaultDir() {
    try {
      if (currentUid() == 0) {
        return Optional.of(Path.of("/var/cache/svc4j/archives"));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Optional.of(Path.of(xdg, "svc4j", "archives"));
    }
    String home = System.getenv("HOME");
    return home != null && home.startsWith("/")
        ? Optional.of(Path.of(home, ".cache", "svc4j", "archives"))
        : Optional.empty();
  }
}
