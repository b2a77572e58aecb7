package io.svc4j.supervisor.os;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One sd_notify datagram: newline-separated {@code KEY=VALUE} assignments. */
public record NotifyMessage(Map<String, String> fields) {

  public static NotifyMessage parse(String datagram) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : datagram.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new NotifyMessage(Collections.unmodifiableMap(fields));
  }

  public boolean ready() {
    return "1".equals(fields.get("READY"));
  }

  public boolean stopping() {
    return "1".equals(fields.get("STOPPING"));
  }

  public boolean watchdogPing() {
    return "1".equals(fields.get("WATCHDOG"));
  }

  /** {@code WATCHDOG=trigger}: the child asks to be treated as hung now. */
  public boolean watchdogTrigger() {
    return "trigger".equals(fields.get("WATCHDOG"));
  }

  /**
   * {@code STATUS=}, without escape sequences and control characters (see {@link PrintableText}):
   * it is shown to operators by {@code svc4j status} and the outer service manager.
   */
  public Optional<String> status() {
    return Optional.ofNullable(fields.get("STATUS")).map(PrintableText::clean);
  }

  /** {@code WATCHDOG_USEC=}: the child sets a new watchdog timeout (0 disables it). */
  public Optional<Long> watchdogUsec() {
    return number("WATCHDOG_USEC");
  }

  /** {@code EXTEND_TIMEOUT_USEC=}: more time for the current start. */
  public Optional<Long> extendTimeoutUsec() {
    return number("EXTEND_TIMEOUT_USEC");
  }

  private Optional<Long> number(String key) {
    String value = fields.get(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
