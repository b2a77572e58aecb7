package io.svc4j.registry.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code wait} of a blocking query: {@code 30s}, {@code 500ms}, {@code 5m}; at most 5 min. */
final class WaitParam {

  static final Duration DEFAULT = Duration.ofSeconds(30);
  static final Duration MAX = Duration.ofMinutes(5);
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  private WaitParam() {}

  static Duration parse(String text) throws BadRequest {
    if (text == null) {
      return DEFAULT;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new BadRequest("wait=" + text + " is invalid: use e.g. 30s, 500ms or 5m (at most 5m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.compareTo(MAX) > 0) {
      throw new BadRequest("wait=" + text + " is too long: at most 5m");
    }
    return d;
  }
}
