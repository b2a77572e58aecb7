package io.svc4j.supervisor.windows;

/**
 * One entry of a DACL as read from Windows: its ACE type and flags, the access mask and the SID it
 * applies to. {@code readable} is false for an allow-type entry whose layout is not read here
 * (callback and object ACEs): its mask and SID are unknown, which {@link DirectoryPolicy} treats as
 * possibly granting write.
 */
record DaclEntry(int type, int flags, int mask, String sid, boolean readable) {

  static final int ACCESS_ALLOWED = 0;
  static final int ACCESS_DENIED = 1;
  static final int INHERIT_ONLY = 0x08;

  static DaclEntry allow(String sid, int mask) {
    return new DaclEntry(ACCESS_ALLOWED, 0, mask, sid, true);
  }

  static DaclEntry deny(String sid, int mask) {
    return new DaclEntry(ACCESS_DENIED, 0, mask, sid, true);
  }

  /** Deny entries only take access away; audit and alarm types never appear in a DACL. */
  boolean grants() {
    return switch (type) {
      case ACCESS_DENIED, 6, 10, 12 -> false; // denied, denied-object, denied-callback(-object)
      default -> true;
    };
  }
}
