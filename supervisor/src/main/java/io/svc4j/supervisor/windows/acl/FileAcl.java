package io.svc4j.supervisor.windows.acl;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may change and who may read a file on Windows, from its owner and DACL: the Windows side of
 * {@link io.svc4j.supervisor.config.SecretFiles}. A file that secrets come from must be owned by
 * and writable only by SYSTEM and Administrators (TrustedInstaller too): the owner may always
 * rewrite the DACL, and an allow ACE with any write right lets that account change the service's
 * environment.
 *
 * @param owner the owner's SID string
 * @param dacl the ACEs, or null for a NULL DACL (everyone may do everything)
 */
public record FileAcl(String owner, List<Ace> dacl) {

  static final String SYSTEM = "S-1-5-18";
  static final String ADMINISTRATORS = "S-1-5-32-544";
  static final String TRUSTED_INSTALLER =
      "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
  private static final Set<String> TRUSTED = Set.of(SYSTEM, ADMINISTRATORS, TRUSTED_INSTALLER);

  private static final int ACCESS_ALLOWED_ACE_TYPE = 0;
  private static final int INHERIT_ONLY_ACE = 0x08;

  /**
   * FILE_WRITE_DATA, FILE_APPEND_DATA, FILE_WRITE_EA, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL,
   * GENERIC_WRITE: each lets the holder change what the file says, or who may.
   */
  static final int WRITE_RIGHTS =
      0x2 | 0x4 | 0x10 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

  /** FILE_READ_DATA, GENERIC_ALL, GENERIC_READ. */
  static final int READ_RIGHTS = 0x1 | 0x10000000 | 0x80000000;

  /** One access control entry: its type (0 allow, 1 deny), flags, access mask and SID string. */
  public record Ace(int type, int flags, int mask, String sid) {}

  /** The owner and DACL of {@code file}, through GetFileSecurity. */
  public static FileAcl of(Path file) {
    WinNT.SECURITY_DESCRIPTOR_RELATIVE sd =
        Advapi32Util.getFileSecurityDescriptor(file.toFile(), false);
    WinNT.PSID owner = sd.getOwner();
    WinNT.ACL acl = sd.getDiscretionaryACL();
    List<Ace> aces = null;
    if (acl != null) {
      aces = new ArrayList<>();
      for (WinNT.ACE_HEADER header : acl.getACEs()) {
        if (header instanceof WinNT.ACCESS_ACEStructure ace) {
          aces.add(new Ace(ace.AceType, ace.AceFlags, ace.Mask, ace.getSidString()));
        }
      }
    }
    return new FileAcl(owner == null ? "" : owner.getSidString(), aces);
  }

  /** Why the file must not be trusted, or empty if only SYSTEM and Administrators can change it. */
  public Optional<String> untrusted(Path file) {
    String fix =
        "; icacls \""
            + file
            + "\" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F, then icacls \""
            + file
            + "\" /setowner *S-1-5-32-544";
    if (dacl == null) {
      return Optional.of("'" + file + "' has no DACL: every user may change it" + fix);
    }
    if (!TRUSTED.contains(owner)) {
      return Optional.of(
          "'" + file + "' is owned by " + account(owner) + ", who may change its ACL" + fix);
    }
    for (Ace ace : dacl) {
      if (allows(ace, WRITE_RIGHTS) && !TRUSTED.contains(ace.sid())) {
        return Optional.of(
            "'"
                + file
                + "' can be changed by "
                + account(ace.sid())
                + ", who could choose the service's environment"
                + fix);
      }
    }
    return Optional.empty();
  }

  /** Whether anyone but SYSTEM and Administrators may read the file. */
  public boolean readableByOthers() {
    return dacl == null
        || dacl.stream().anyMatch(a -> allows(a, READ_RIGHTS) && !TRUSTED.contains(a.sid()));
  }

  private static boolean allows(Ace ace, int rights) {
    return ace.type() == ACCESS_ALLOWED_ACE_TYPE
        && (ace.flags() & INHERIT_ONLY_ACE) == 0
        && (ace.mask() & rights) != 0;
  }

  /** {@code DOMAIN\name (SID)} where the name can be looked up, else the SID. */
  private static String account(String sid) {
    try {
      return Advapi32Util.getAccountBySid(sid).fqn + " (" + sid + ")";
    } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      return sid;
    }
  }
}
