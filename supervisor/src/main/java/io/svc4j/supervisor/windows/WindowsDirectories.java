package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Creates svc4j's directories with an explicit, protected DACL ({@link DirectoryPolicy#sddl()}) and
 * refuses existing ones that let anyone else write ({@link DirectoryPolicy#check}), through
 * Advapi32: CreateDirectory with a SECURITY_ATTRIBUTES built from SDDL, GetNamedSecurityInfo to
 * read owner and DACL back.
 */
public final class WindowsDirectories {

  private static final int SE_FILE_OBJECT = 1;
  private static final int OWNER_SECURITY_INFORMATION = 0x1;
  private static final int DACL_SECURITY_INFORMATION = 0x4;
  private static volatile DirectoryPolicy policy;

  private WindowsDirectories() {}

  /**
   * Makes {@code dir} exist, every missing level created with svc4j's DACL, and checks every level
   * from {@code checkFrom} (an ancestor of {@code dir}, or {@code dir} itself) down to it.
   *
   * @param role what is kept there, for the message ("state", "runtime", "log")
   * @throws UnsafeDirectoryException (one line, with the fix) for a level others may write to
   */
  public static void secure(Path dir, Path checkFrom, String role) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path top = checkFrom.toAbsolutePath().normalize();
    if (!target.startsWith(top)) {
      throw new IllegalArgumentException(top + " is not an ancestor of " + target);
    }
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = target; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    List<Path> levels = new ArrayList<>();
    for (Path p = target; p != null && p.startsWith(top); p = p.getParent()) {
      levels.add(0, p);
    }
    for (Path level : levels) {
      if (!missing.contains(level)) {
        check(level, role);
      }
    }
    while (!missing.isEmpty()) {
      Path level = missing.pop();
      if (!create(level) && levels.contains(level)) {
        check(level, role); // someone else created it meanwhile: it gets no trust for that
      }
    }
  }

  /**
   * {@code %ProgramData%\svc4j}: the directory above state, run and logs, created and checked with
   * them.
   */
  public static Path root() {
    String dir = System.getenv("ProgramData");
    return Path.of(dir == null || dir.isBlank() ? "C:\\ProgramData" : dir, "svc4j");
  }

  /**
   * {@link #secure(Path, Path, String)} for a directory of svc4j's: below {@code
   * %ProgramData%\svc4j}, every level from there down is checked; elsewhere (a {@code --log-dir}),
   * the directory itself.
   */
  public static void secure(Path dir, String role) throws IOException {
    Path root = root().toAbsolutePath().normalize();
    Path target = dir.toAbsolutePath().normalize();
    secure(target, target.startsWith(root) ? root : target, role);
  }

  /** Refuses {@code dir} if anyone but SYSTEM, Administrators and this account may write to it. */
  public static void check(Path dir, String role) throws IOException {
    DirectoryPolicy current = policy();
    var weakness = current.check(read(dir));
    if (weakness.isPresent()) {
      throw new UnsafeDirectoryException(
          DirectoryRefusal.message(dir, role, current, weakness.get(), WindowsDirectories::name));
    }
  }

  /**
   * Owner and DACL of {@code path} in SDDL, as Windows returns them (for tests and diagnostics).
   */
  public static String sddl(Path path) throws IOException {
    PointerByReference descriptor = new PointerByReference();
    int rc =
        Advapi32.INSTANCE.GetNamedSecurityInfo(
            path.toString(),
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
            null,
            null,
            null,
            null,
            descriptor);
    if (rc != 0) {
      throw new IOException("cannot read the permissions of " + path + ": " + message(rc));
    }
    try {
      PointerByReference text = new PointerByReference();
      if (!WinSecurity.INSTANCE.ConvertSecurityDescriptorToStringSecurityDescriptor(
          descriptor.getValue(),
          WinSecurity.SDDL_REVISION_1,
          OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
          text,
          null)) {
        throw new IOException(
            "cannot convert the permissions of "
                + path
                + ": "
                + Kernel32Util.getLastErrorMessage());
      }
      try {
        return text.getValue().getWideString(0);
      } finally {
        Kernel32.INSTANCE.LocalFree(text.getValue());
      }
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  /** The rules for this process: its account, and whether it acts as an administrator. */
  static DirectoryPolicy policy() {
    DirectoryPolicy p = policy;
    if (p == null) {
      WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
      if (!Advapi32.INSTANCE.OpenProcessToken(
          Kernel32.INSTANCE.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
        throw new IllegalStateException(
            "cannot read this process's account: " + Kernel32Util.getLastErrorMessage());
      }
      String self;
      try {
        self = Advapi32Util.getTokenAccount(token.getValue()).sidString;
      } finally {
        Kernel32.INSTANCE.CloseHandle(token.getValue());
      }
      WinNT.PSID administrators =
          new WinNT.PSID(Advapi32Util.convertStringSidToSid(DirectoryPolicy.ADMINISTRATORS));
      IntByReference member = new IntByReference();
      boolean admin =
          WinSecurity.INSTANCE.CheckTokenMembership(null, administrators, member)
              && member.getValue() != 0;
      p = new DirectoryPolicy(self, admin);
      policy = p;
    }
    return p;
  }

  /** Creates one level with svc4j's DACL; false if it existed already. */
  private static boolean create(Path dir) throws IOException {
    PointerByReference descriptor = new PointerByReference();
    if (!WinSecurity.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(
        policy().sddl(), WinSecurity.SDDL_REVISION_1, descriptor, null)) {
      throw new IOException("cannot build a security descriptor: " + lastError());
    }
    try {
      var attributes = new WinBase.SECURITY_ATTRIBUTES();
      attributes.dwLength = new WinDef.DWORD(attributes.size());
      attributes.lpSecurityDescriptor = descriptor.getValue();
      attributes.bInheritHandle = false;
      if (Kernel32.INSTANCE.CreateDirectory(dir.toString(), attributes)) {
        return true;
      }
      int error = Kernel32.INSTANCE.GetLastError();
      if (error == WinError.ERROR_ALREADY_EXISTS && Files.isDirectory(dir)) {
        return false;
      }
      throw new IOException("cannot create the directory " + dir + ": " + message(error));
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  /** Owner and DACL of {@code dir}. */
  static DirectoryAcl read(Path dir) throws IOException {
    PointerByReference owner = new PointerByReference();
    PointerByReference dacl = new PointerByReference();
    PointerByReference descriptor = new PointerByReference();
    int rc =
        Advapi32.INSTANCE.GetNamedSecurityInfo(
            dir.toString(),
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
            owner,
            null,
            dacl,
            null,
            descriptor);
    if (rc != 0) {
      throw new IOException("cannot read the permissions of " + dir + ": " + message(rc));
    }
    try {
      String ownerSid =
          owner.getValue() == null
              ? null
              : Advapi32Util.convertSidToStringSid(new WinNT.PSID(owner.getValue()));
      if (dacl.getValue() == null) {
        return new DirectoryAcl(ownerSid, null);
      }
      List<DaclEntry> aces = new ArrayList<>();
      for (WinNT.ACE_HEADER header : new WinNT.ACL(dacl.getValue()).getACEs()) {
        if (header instanceof WinNT.ACCESS_ACEStructure ace) {
          aces.add(new DaclEntry(ace.AceType, ace.AceFlags, ace.Mask, ace.getSidString(), true));
        } else {
          aces.add(new DaclEntry(header.AceType, header.AceFlags, 0, null, false));
        }
      }
      return new DirectoryAcl(ownerSid, aces);
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  private static String name(String sid) {
    try {
      var account = Advapi32Util.getAccountBySid(sid);
      return account.domain == null || account.domain.isEmpty()
          ? account.name
          : account.domain + "\\" + account.name;
    } catch (RuntimeException e) {
      return sid;
    }
  }

  private static String lastError() {
    return Kernel32Util.getLastErrorMessage();
  }

  private static String message(int error) {
    return Kernel32Util.formatMessage(error).strip() + " (" + error + ")";
  }
}
