package io.svc4j.examples.hello.logging;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes an instant exactly as {@link DateTimeFormatter#ISO_INSTANT} does ({@code
 * 2026-12-01T11:58:15.068123Z}: the fraction in groups of three digits, none when zero), into a
 * reused char array (one per thread). The date and time of day are formatted once per second;
 * {@code ISO_INSTANT} itself rebuilt them for every log line, a visible cost with one access-log
 * line per request. Not thread-safe: one per thread.
 */
final class IsoTimestamp {

  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: inside, the text has a fixed layout.
  private static final long MIN_SECOND = -62167219200L;
  private static final long MAX_SECOND = 253402300799L;
  private static final int SECONDS_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss

  private final char[] text = new char[SECONDS_LENGTH + 1 + 9 + 1];
  private long second = Long.MIN_VALUE;

  /**
   * Formats {@code instant} into {@link #chars()} and returns the length; outside years 0-9999
   * (never for a clock reading) {@link #fallback} gives the text instead.
   */
  int format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < MIN_SECOND || epochSecond > MAX_SECOND) {
      return -1;
    }
    if (epochSecond != second) {
      String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
      whole.getChars(0, SECONDS_LENGTH, text, 0);
      second = epochSecond;
    }
    int at = SECONDS_LENGTH;
    int nano = instant.getNano();
    if (nano != 0) {
      text[at++] = '.';
      int digits;
      int value;
      if (nano % 1_000_000 == 0) {
        digits = 3;
        value = nano / 1_000_000;
      } else if (nano % 1_000 == 0) {
        digits = 6;
        value = nano / 1_000;
      } else {
        digits = 9;
        value = nano;
      }
      for (int i = at + digits - 1; i >= at; i--) {
        text[i] = (char) ('0' + value % 10);
        value /= 10;
      }
      at += digits;
    }
    text[at++] = 'Z';
    return at;
  }

  char[] chars() {
    return text;
  }

  static String fallback(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
