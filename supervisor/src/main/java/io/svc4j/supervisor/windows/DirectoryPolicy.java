package io.svc4j.supervisor.windows;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which directories svc4j keeps its state, sockets and logs in on Windows: writable by SYSTEM,
 * Administrators and the supervisor's own account (the service account), by nobody else. The
 * decisions only; {@link WindowsDirectories} does the native calls.
 *
 * <p>%ProgramData% lets every user create folders and files, and what is created there inherits
 * that: a directory svc4j left to inherit would let any local user plant {@code
 * state\NAME.stopped}, bind {@code run\NAME.sock} first, or put junctions among the logs.
 */
final class DirectoryPolicy {

  static final String SYSTEM = "S-1-5-18";
  static final String ADMINISTRATORS = "S-1-5-32-544";

  /** Placeholders that apply only to what their creator creates; the creator needs write first. */
  private static final Set<String> CREATOR_PLACEHOLDERS = Set.of("S-1-3-0", "S-1-3-1", "S-1-3-4");

  /**
   * Rights that change what is in the directory or who may: write data / add file, append data /
   * add subdirectory, write extended attributes, delete child, write attributes, delete, write DAC,
   * write owner, generic all, generic write, maximum allowed.
   */
  static final int WRITE_RIGHTS =
      0x2
          | 0x4
          | 0x10
          | 0x40
          | 0x100
          | 0x10000
          | 0x40000
          | 0x80000
          | 0x10000000
          | 0x40000000
          | 0x02000000;

  private final String self;
  private final boolean selfIsAdministrator;

  /**
   * @param self the SID of the supervisor's account
   * @param selfIsAdministrator whether that account's token has Administrators enabled (then the
   *     Administrators entry already covers it)
   */
  DirectoryPolicy(String self, boolean selfIsAdministrator) {
    this.self = self;
    this.selfIsAdministrator = selfIsAdministrator;
  }

  /** The supervisor's account. */
  String self() {
    return self;
  }

  /** The SIDs that may write: SYSTEM, Administrators, the supervisor's account. */
  Set<String> trusted() {
    Set<String> out = new LinkedHashSet<>();
    out.add(SYSTEM);
    out.add(ADMINISTRATORS);
    out.add(self);
    return out;
  }

  /**
   * The security descriptor of a directory svc4j creates, in SDDL: a protected DACL (nothing
   * inherited from %ProgramData%) with full control for SYSTEM, Administrators and, unless it is an
   * administrator already, the supervisor's account, inherited by everything created inside. The
   * owner is left to Windows (the creator's default owner: itself, or Administrators).
   */
  String sddl() {
    StringBuilder out = new StringBuilder("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    if (!selfIsAdministrator && !self.equals(SYSTEM) && !self.equals(ADMINISTRATORS)) {
      out.append("(A;OICI;FA;;;").append(self).append(')');
    }
    return out.toString();
  }

  /** What makes {@code acl} unsafe, or empty when only trusted accounts can write. */
  Optional<Weakness> check(DirectoryAcl acl) {
    Set<String> trusted = trusted();
    if (acl.ownerSid() == null || !trusted.contains(acl.ownerSid())) {
      return Optional.of(new Weakness(acl.ownerSid(), Weakness.Kind.OWNER, 0));
    }
    if (acl.dacl() == null) {
      return Optional.of(new Weakness("S-1-1-0", Weakness.Kind.NULL_DACL, 0));
    }
    for (DaclEntry ace : acl.dacl()) {
      if (!ace.grants()) {
        continue;
      }
      if (!ace.readable()) {
        return Optional.of(new Weakness(null, Weakness.Kind.UNREADABLE_ENTRY, ace.type()));
      }
      if ((ace.mask() & WRITE_RIGHTS) != 0
          && !trusted.contains(ace.sid())
          && !CREATOR_PLACEHOLDERS.contains(ace.sid())) {
        return Optional.of(new Weakness(ace.sid(), Weakness.Kind.WRITE_ENTRY, ace.mask()));
      }
    }
    return Optional.empty();
  }

  /** Why a directory is refused: who, and how. */
  record Weakness(String sid, Kind kind, int detail) {
    enum Kind {
      /** The owner may always rewrite the DACL. */
      OWNER,
      /** No DACL at all: everyone has full control. */
      NULL_DACL,
      /** An entry grants write, create or delete to an untrusted account. */
      WRITE_ENTRY,
      /** An allow entry of a type not read here (its account and rights unknown). */
      UNREADABLE_ENTRY
    }
  }
}
