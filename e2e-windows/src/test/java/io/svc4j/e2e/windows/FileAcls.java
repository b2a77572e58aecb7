package io.svc4j.e2e.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets and shows a file's owner and DACL from inside Wine (whose icacls is a stub), for the tests
 * of secrets files: run by the {@link WineAgent}.
 */
final class FileAcls {

  private static final int SE_FILE_OBJECT = 1;
  private static final int OWNER_SECURITY_INFORMATION = 0x1;
  private static final int DACL_SECURITY_INFORMATION = 0x4;
  private static final int PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
  private static final int FILE_ALL_ACCESS = 0x1F01FF;

  private FileAcls() {}

  /**
   * Owner Administrators; a protected DACL (nothing inherited) granting SYSTEM and Administrators
   * full control and nobody else anything: what {@code icacls F /inheritance:r /grant:r *S-1-5-18:F
   * *S-1-5-32-544:F} plus {@code /setowner *S-1-5-32-544} make on Windows.
   */
  static String protect(String path) {
    WinNT.PSID system = new WinNT.PSID(Advapi32Util.convertStringSidToSid("S-1-5-18"));
    WinNT.PSID admins = new WinNT.PSID(Advapi32Util.convertStringSidToSid("S-1-5-32-544"));
    WinNT.ACL acl = new WinNT.ACL(1024);
    check(Advapi32.INSTANCE.InitializeAcl(acl, 1024, WinNT.ACL_REVISION), "InitializeAcl");
    check(
        Advapi32.INSTANCE.AddAccessAllowedAce(acl, WinNT.ACL_REVISION, FILE_ALL_ACCESS, system),
        "AddAccessAllowedAce SYSTEM");
    check(
        Advapi32.INSTANCE.AddAccessAllowedAce(acl, WinNT.ACL_REVISION, FILE_ALL_ACCESS, admins),
        "AddAccessAllowedAce Administrators");
    int error =
        Advapi32.INSTANCE.SetNamedSecurityInfo(
            path,
            SE_FILE_OBJECT,
            OWNER_SECURITY_INFORMATION
                | DACL_SECURITY_INFORMATION
                | PROTECTED_DACL_SECURITY_INFORMATION,
            admins.getPointer(),
            null,
            acl.getPointer(),
            null);
    if (error != 0) {
      throw new IllegalStateException("SetNamedSecurityInfo failed with error " + error);
    }
    return describe(path);
  }

  /** {@code owner=SID dacl=type:flags:mask:SID,...} as GetFileSecurity reports them. */
  static String describe(String path) {
    WinNT.SECURITY_DESCRIPTOR_RELATIVE sd =
        Advapi32Util.getFileSecurityDescriptor(new java.io.File(path), false);
    WinNT.ACL dacl = sd.getDiscretionaryACL();
    List<String> aces = new ArrayList<>();
    if (dacl != null) {
      for (WinNT.ACE_HEADER header : dacl.getACEs()) {
        if (header instanceof WinNT.ACCESS_ACEStructure ace) {
          aces.add(
              ace.AceType
                  + ":"
                  + ace.AceFlags
                  + ":"
                  + Integer.toHexString(ace.Mask)
                  + ":"
                  + ace.getSidString());
        }
      }
    }
    String owner = sd.getOwner() == null ? "none" : sd.getOwner().getSidString();
    return "owner=" + owner + "\tdacl=" + (dacl == null ? "null" : String.join(",", aces));
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what + " failed");
    }
  }
}
