package io.svc4j.systemd.unit;

/**
 * The version of the systemd that will load a unit, for the few directives that depend on it. The
 * renderer stays pure: the manager asks systemd once ({@code systemctl show -p Version}) and passes
 * the answer in.
 *
 * @param major the number before the first dot ("252.38-1~deb12u1" → 252); 0 when unknown
 */
public record SystemdVersion(int major) {

  /** What to assume when systemd could not be asked: only what every supported version has. */
  public static final SystemdVersion UNKNOWN = new SystemdVersion(0);

  /** Reads systemd's version string; anything unexpected gives {@link #UNKNOWN}. */
  public static SystemdVersion parse(String text) {
    String digits = text == null ? "" : text.strip().replaceFirst("^v", "");
    int end = 0;
    while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 6) {
      return UNKNOWN;
    }
    return new SystemdVersion(Integer.parseInt(digits.substring(0, end)));
  }

  /**
   * {@code Type=notify-reload} (systemd 253): systemd sends the reload signal itself and waits for
   * {@code RELOADING=1} ... {@code READY=1}, so {@code systemctl reload} returns once the reload is
   * done.
   */
  public boolean hasNotifyReload() {
    return major >= 253;
  }
}
