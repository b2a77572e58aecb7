package io.svc4j.supervisor.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 500ms}, {@code 10s}, {@code 1.5m}, {@code 2h}, {@code 1d}, {@code PT10S}) and
 * sizes ({@code 10MiB}).
 */
public final class Units {

  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  private Units() {}

  /**
   * A duration; a bare number means seconds. Throws IllegalArgumentException with the accepted
   * forms.
   */
  public static Duration duration(String text) {
    String t = text.strip();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw badDuration(text);
      }
    }
    Matcher m = AMOUNT.matcher(t);
    if (!m.matches()) {
      throw badDuration(text);
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long nanosPerUnit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ns" -> 1L;
          case "us" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "", "s", "sec" -> 1_000_000_000L;
          case "m", "min" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          case "d" -> 86_400_000_000_000L;
          default -> throw badDuration(text);
        };
    return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
  }

  /**
   * A size in bytes; K, M, G (with or without B / iB) are powers of 1024; a bare number is bytes.
   */
  public static long size(String text) {
    Matcher m = AMOUNT.matcher(text.strip());
    if (!m.matches()) {
      throw badSize(text);
    }
    long factor =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "", "b" -> 1L;
          case "k", "kb", "kib" -> 1L << 10;
          case "m", "mb", "mib" -> 1L << 20;
          case "g", "gb", "gib" -> 1L << 30;
          default -> throw badSize(text);
        };
    try {
      return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).longValueExact();
    } catch (ArithmeticException e) {
      throw badSize(text);
    }
  }

  private static IllegalArgumentException badDuration(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration; write e.g. 500ms, 10s, 1.5m, 2h, 1d");
  }

  private static IllegalArgumentException badSize(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a size; write e.g. 65536, 512KiB, 10MiB, 1GiB");
  }
}
