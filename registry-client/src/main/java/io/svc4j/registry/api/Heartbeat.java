package io.svc4j.registry.api;

/**
 * The body of {@code PUT /v1/services/{service}/instances/{id}/heartbeat}.
 *
 * @param status {@code UP}, {@code DRAINING}, {@code DOWN} or one of the host's states (upper case
 *     letters and underscores)
 * @param cpu the process's share of the machine's CPU, 0.0-1.0 (null when unknown)
 * @param rssBytes resident memory in bytes (null when unknown)
 * @param text an optional one-line status text
 */
public record Heartbeat(String status, Double cpu, Long rssBytes, String text) {

  public static final int MAX_STATUS = 32;
  public static final int MAX_TEXT = 512;

  public Heartbeat {
    status = status == null ? Status.UP : status;
    text = text == null ? "" : text;
  }

  public static Heartbeat of(String status) {
    return new Heartbeat(status, null, null, null);
  }

  /** Throws with one line naming the bad field. */
  public Heartbeat validate() {
    if (status.isEmpty() || status.length() > MAX_STATUS || !status.matches("[A-Z][A-Z_]*")) {
      throw new IllegalArgumentException(
          "status "
              + Printable.quote(status)
              + " is invalid: UP, DRAINING, DOWN or another"
              + " upper-case word (A-Z, _), at most "
              + MAX_STATUS
              + " characters");
    }
    if (cpu != null && (cpu.isNaN() || cpu < 0 || cpu > 1)) {
      throw new IllegalArgumentException("cpu " + cpu + " is out of range 0.0-1.0");
    }
    if (rssBytes != null && rssBytes < 0) {
      throw new IllegalArgumentException("rssBytes " + rssBytes + " must not be negative");
    }
    if (text.length() > MAX_TEXT || Registration.hasControl(text)) {
      throw new IllegalArgumentException(
          "text is invalid: one line of at most " + MAX_TEXT + " characters");
    }
    return this;
  }
}
