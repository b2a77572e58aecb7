package io.svc4j.windows.manager;

/** A native call failed with a Win32 error code. Translated to one line by {@link ScmErrors}. */
public final class Win32Failure extends RuntimeException {

  private final int code;
  private final String operation;

  /**
   * @param operation the API call, e.g. "CreateService"
   * @param code GetLastError()
   * @param systemMessage Windows' own text for the code, or ""
   */
  public Win32Failure(String operation, int code, String systemMessage) {
    super(operation + " failed with Windows error " + code + suffix(systemMessage));
    this.code = code;
    this.operation = operation;
  }

  public int code() {
    return code;
  }

  public String operation() {
    return operation;
  }

  private static String suffix(String message) {
    String trimmed = message == null ? "" : message.strip();
    return trimmed.isEmpty() ? "" : " (" + trimmed + ")";
  }
}
