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

  public int code() {
    return code;
  }
}
