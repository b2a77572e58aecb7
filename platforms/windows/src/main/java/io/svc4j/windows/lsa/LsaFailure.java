package io.svc4j.windows.lsa;

/**
 * An LSA call failed: the operation, the Win32 error (LsaNtStatusToWinError of the NTSTATUS) and
 * the NTSTATUS itself, so that messages can name both.
 */
public final class LsaFailure extends RuntimeException {

  /** ERROR_ACCESS_DENIED: not run from an elevated prompt. */
  public static final int ACCESS_DENIED = 5;

  /** ERROR_NONE_MAPPED: no account of that name. */
  public static final int NONE_MAPPED = 1332;

  private final String operation;
  private final int win32Error;
  private final int ntStatus;

  public LsaFailure(String operation, int win32Error, int ntStatus, String detail) {
    super(
        operation
            + " failed with Windows error "
            + win32Error
            + (ntStatus != 0 ? String.format(" (NTSTATUS 0x%08X)", ntStatus) : "")
            + (detail.isEmpty() ? "" : ": " + detail));
    this.operation = operation;
    this.win32Error = win32Error;
    this.ntStatus = ntStatus;
  }

  public String operation() {
    return operation;
  }

  public int win32Error() {
    return win32Error;
  }

  public int ntStatus() {
    return ntStatus;
  }
}
