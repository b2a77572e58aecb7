package io.svc4j.watcher.backend;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A file's identity where the JDK gives none: on Windows {@code BasicFileAttributes.fileKey()} is
 * null, and without an identity the engine cannot pair a deletion and a creation into a rename.
 * There it is the volume serial number and file index of {@code GetFileInformationByHandle}, which
 * a rename on the volume keeps. Elsewhere empty: the JDK's fileKey (device and inode) is used.
 */
public final class FileIdentity {

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private FileIdentity() {}

  /** The identity of {@code path} (a link itself, not its target), or empty. */
  public static Optional<String> of(Path path) {
    if (!WINDOWS) {
      return Optional.empty();
    }
    try {
      return Kernel32Ids.identity(path);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return Optional.empty();
    }
  }

  /** The three kernel32 calls, mapped here (jna-platform lacks GetFileInformationByHandle). */
  interface Kernel32Ids extends Library {
    int FILE_SHARE_ALL = 0x1 | 0x2 | 0x4;
    int OPEN_EXISTING = 3;
    int FILE_FLAG_BACKUP_SEMANTICS = 0x02000000; // opens a directory too
    int FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000; // the link itself

    Kernel32Ids INSTANCE = Native.load("kernel32", Kernel32Ids.class);

    Pointer CreateFileW(
        WString name,
        int access,
        int share,
        Pointer security,
        int disposition,
        int flags,
        Pointer template);

    boolean GetFileInformationByHandle(Pointer handle, Info info);

    boolean CloseHandle(Pointer handle);

    /** BY_HANDLE_FILE_INFORMATION; the FILETIMEs as pairs of DWORDs. */
    @Structure.FieldOrder({
      "attributes",
      "created1",
      "created2",
      "accessed1",
      "accessed2",
      "written1",
      "written2",
      "volumeSerial",
      "sizeHigh",
      "sizeLow",
      "links",
      "indexHigh",
      "indexLow"
    })
    final class Info extends Structure {
      public int attributes;
      public int created1;
      public int created2;
      public int accessed1;
      public int accessed2;
      public int written1;
      public int written2;
      public int volumeSerial;
      public int sizeHigh;
      public int sizeLow;
      public int links;
      public int indexHigh;
      public int indexLow;
    }

    static Optional<String> identity(Path path) {
      // No access rights asked for: attributes only, so a file open elsewhere does not refuse it.
      Pointer h =
          INSTANCE.CreateFileW(
              new WString(path.toString()),
              0,
              FILE_SHARE_ALL,
              null,
              OPEN_EXISTING,
              FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
              null);
      if (h == null || Pointer.nativeValue(h) == -1L) {
        return Optional.empty();
      }
      try {
        Info info = new Info();
        if (!INSTANCE.GetFileInformationByHandle(h, info)) {
          return Optional.empty();
        }
        return Optional.of(
            Integer.toUnsignedString(info.volumeSerial)
                + ":"
                + Integer.toUnsignedString(info.indexHigh)
                + ":"
                + Integer.toUnsignedString(info.indexLow));
      } finally {
        INSTANCE.CloseHandle(h);
      }
    }
  }
}
