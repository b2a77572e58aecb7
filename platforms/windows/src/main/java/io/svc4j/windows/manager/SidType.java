package io.svc4j.windows.manager;

/** SERVICE_SID_INFO.dwServiceSidType: whether the service gets its own SID in its token. */
public enum SidType {
  NONE(0),
  UNRESTRICTED(1),
  RESTRICTED(3);

  private final int code;

  SidType(int code) {
    this.code = code;
  }

  /** Parses a CLI value: none, unrestricted or restricted (case-insensitive). */
  public static SidType parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT);
    for (SidType type : values()) {
      if (type.name().equals(key)) {
        return type;
      }
    }
    throw new io.svc4j.manager.ManagerException(
        "invalid service SID type '" + text + "': use none, unrestricted or restricted");
  }

  public int code() {
    return code;
  }
}
