package io.svc4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * JNA's native library (libjnidispatch), extracted once to a fixed directory that only this user
 * (or root) can write, and handed to JNA through {@code jna.boot.library.path} — instead of JNA's
 * default, a new temporary file at every start. Root loads only a library no less-privileged user
 * could have written: the directory, the file and every directory above them are checked (owner
 * this user or root, writable by no one else; a sticky directory like /tmp is accepted above).
 * Anything unexpected leaves JNA to its default. No JNA class is touched here (it must run before
 * JNA initialises), so core needs no JNA dependency.
 *
 * <p>Where: root {@code /var/cache/svc4j/jna/CRC-SIZE}, other users {@code
 * ${XDG_CACHE_HOME:-~/.cache}/svc4j/jna/CRC-SIZE}, CRC and SIZE being the CRC-32 and length of the
 * library as the jar's directory records them (one directory per JNA build; read without inflating
 * the library, which a start then only does when the file is missing or differs). Linux x86-64 and
 * aarch64 only; elsewhere JNA's default stays.
 *
 * <p>Also on Linux, {@code jna.platform.library.path} is set (when unset) to the standard library
 * directories that exist, so that JNA's first use does not run {@code /sbin/ldconfig -p} to find
 * more: a process start at every JVM start, ~50-100 ms. svc4j loads only the C library through JNA,
 * which JNA takes from the process itself on Linux, without a search; a program that loads another
 * library by a short name from a directory only ld.so.cache knows still finds it through dlopen, or
 * can set the property itself.
 */
public final class JnaLibraryHome {

  static final String PROPERTY = "jna.boot.library.path";
  static final String PLATFORM_PATH = "jna.platform.library.path";
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private JnaLibraryHome() {}

  /** Sets {@code jna.boot.library.path} unless it is set, JNA is absent, or no safe place is. */
  public static void prepare() {
    if (System.getProperty(PROPERTY) != null) {
      platformPath();
      return;
    }
    try {
      // The OS first: elsewhere than Linux no file is even looked at (under Wine, stat-ing a
      // Unix path made Wine print a warning on the CLI's stderr).
      Optional<Bundled> library = bundledLibrary();
      if (library.isEmpty()) {
        return;
      }
      Optional<Path> base = defaultBase();
      if (base.isPresent()) {
        prepare(base.get(), library.get())
            .ifPresent(dir -> System.setProperty(PROPERTY, dir.toString()));
      }
      platformPath();
    } catch (IOException | RuntimeException e) {
      // Only speed is lost: JNA extracts its library to a temporary file as it always did.
    }
  }

  /** The library JNA bundles: its CRC-32 and size, and its bytes when they are needed. */
  record Bundled(long crc, long size, Supplier<byte[]> bytes) {
    static Bundled of(byte[] library) {
      CRC32 crc = new CRC32();
      crc.update(library);
      return new Bundled(crc.getValue(), library.length, () -> library);
    }
  }

  /** Linux: the directories JNA would search first, without asking ldconfig for more. */
  private static void platformPath() {
    if (System.getProperty(PLATFORM_PATH) != null
        || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return;
    }
    String triple =
        switch (System.getProperty("os.arch", "")) {
          case "amd64", "x86_64" -> "x86_64-linux-gnu";
          case "aarch64" -> "aarch64-linux-gnu";
          default -> null;
        };
    if (triple == null) {
      return;
    }
    List<String> dirs = new ArrayList<>();
    for (String d :
        List.of(
            "/usr/lib/" + triple, "/lib/" + triple, "/usr/lib64", "/lib64", "/usr/lib", "/lib")) {
      if (Files.isDirectory(Path.of(d))) {
        dirs.add(d);
      }
    }
    System.setProperty(PLATFORM_PATH, String.join(":", dirs));
  }

  /**
   * Makes {@code base/SHA/libjnidispatch.so} hold exactly {@code library} and returns that
   * directory, or empty when a directory or file on the way could be written by someone else.
   */
  static Optional<Path> prepare(Path base, byte[] library) throws IOException {
    return prepare(base, Bundled.of(library));
  }

  static Optional<Path> prepare(Path base, Bundled library) throws IOException {
    int uid = currentUid();
    Path dir =
        base.resolve(HexFormat.of().toHexDigits((int) library.crc()) + "-" + library.size())
            .toAbsolutePath()
            .normalize();
    mkdirs(dir, uid);
    if (!ownedBy(dir, uid) || !privateChain(dir, uid)) {
      return Optional.empty();
    }
    Path file = dir.resolve("libjnidispatch.so");
    if (!holds(file, uid, library)) {
      Path tmp = Files.createTempFile(dir, "libjnidispatch", ".tmp");
      try {
        Files.write(tmp, library.bytes().get());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          return Optional.empty();
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      if (!holds(file, uid, library)) {
        return Optional.empty();
      }
    }
    return Optional.of(dir);
  }

  /**
   * Creates the missing directories down to {@code dir}, each 0700 (root: 0755, so that services
   * running as other users may load the library too), whatever the umask.
   */
  private static void mkdirs(Path dir, int uid) throws IOException {
    java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
    for (Path d = dir;
        d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS);
        d = d.getParent()) {
      missing.push(d);
    }
    String mode = uid == 0 ? "rwxr-xr-x" : "rwx------";
    for (Path d : missing) {
      Files.createDirectory(d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
    }
  }

  /**
   * A regular file (no link) of this user or root, writable by no one else, with the library's size
   * and CRC-32. The CRC finds a stale or damaged file; what keeps a planted one out is that no one
   * else can write the file or any directory above it.
   */
  private static boolean holds(Path file, int uid, Bundled library) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    PosixFileAttributes a = attributes(file);
    return isUserOrRoot(file, uid)
        && a.permissions().stream().noneMatch(OTHERS_WRITE::contains)
        && a.size() == library.size()
        && crc(Files.readAllBytes(file)) == library.crc();
  }

  /** {@code dir} and every directory above it: this user or root, writable by no one else. */
  private static boolean privateChain(Path dir, int uid) throws IOException {
    for (Path d = dir; d != null; d = d.getParent()) {
      PosixFileAttributes a = attributes(d);
      if (a.isSymbolicLink() || !isUserOrRoot(d, uid)) {
        return false;
      }
      boolean othersWrite = a.permissions().stream().anyMatch(OTHERS_WRITE::contains);
      if (othersWrite && (d.equals(dir) || !sticky(d))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sticky(Path dir) throws IOException {
    return (((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 01000)
        != 0;
  }

  private static boolean ownedBy(Path p, int uid) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid;
  }

  private static boolean isUserOrRoot(Path p, int uid) throws IOException {
    int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    return owner == uid || owner == 0;
  }

  private static PosixFileAttributes attributes(Path p) throws IOException {
    return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  static int currentUid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static Optional<Path> defaultBase() throws IOException {
    if (currentUid() == 0) {
      return Optional.of(Path.of("/var/cache/svc4j/jna"));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Optional.of(Path.of(xdg, "svc4j", "jna"));
    }
    String home = System.getenv("HOME");
    return home != null && home.startsWith("/")
        ? Optional.of(Path.of(home, ".cache", "svc4j", "jna"))
        : Optional.empty();
  }

  /** The libjnidispatch JNA bundles for this OS and CPU, if JNA is on the class path. */
  private static Optional<Bundled> bundledLibrary() throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch =
        switch (System.getProperty("os.arch", "")) {
          case "amd64", "x86_64" -> "x86-64";
          case "aarch64" -> "aarch64";
          default -> null;
        };
    if (!os.startsWith("linux") || arch == null) {
      return Optional.empty();
    }
    String resource = "com/sun/jna/linux-" + arch + "/libjnidispatch.so";
    ClassLoader loader = JnaLibraryHome.class.getClassLoader();
    URL url = loader == null ? null : loader.getResource(resource);
    if (url == null) {
      return Optional.empty();
    }
    Supplier<byte[]> bytes =
        () -> {
          try (InputStream in = url.openStream()) {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    if (url.openConnection() instanceof JarURLConnection jar) {
      // The jar's directory has the entry's CRC-32 and size: nothing is inflated.
      var entry = jar.getJarEntry();
      if (entry.getCrc() != -1 && entry.getSize() != -1) {
        return Optional.of(new Bundled(entry.getCrc(), entry.getSize(), bytes));
      }
    }
    return Optional.of(Bundled.of(bytes.get()));
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
