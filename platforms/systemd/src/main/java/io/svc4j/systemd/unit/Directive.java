package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import java.util.regex.Pattern;

/**
 * One {@code Key=Value} line of a unit file. The value is raw unit file text: it must fit on one
 * line and must not end in a backslash, which systemd would read as a line continuation.
 */
public record Directive(String key, String value) {

  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  public Directive {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new ManagerException(
          "invalid unit file key '"
              + SystemdQuoting.printable(String.valueOf(key))
              + "': use letters, digits, '-' and '_', starting with a letter");
    }
    requireSingleLine(value, key);
    if (value.endsWith("\\")) {
      throw new ManagerException(
          "the value of "
              + key
              + "= ends with a backslash, which systemd reads as a line continuation: remove it");
    }
    if (!value.equals(value.strip())) {
      throw new ManagerException(
          "the value of "
              + key
              + "= has leading or trailing whitespace, which systemd strips: remove it or quote it");
    }
  }

  /**
   * Parses one raw {@code Key=Value} line, as given for an extra directive. Whitespace around the
   * '=' is allowed, as in a unit file.
   */
  public static Directive parse(String line) {
    requireSingleLine(line, "directive");
    int eq = line.indexOf('=');
    if (eq <= 0) {
      throw new ManagerException(
          "malformed unit directive '" + line + "': expected Key=Value, e.g. LimitNOFILE=65536");
    }
    return new Directive(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
  }

  static void requireSingleLine(String text, String what) {
    if (text == null) {
      throw new ManagerException("missing value for " + what);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        throw new ManagerException(
            "the value of "
                + what
                + " contains a control character ("
                + SystemdQuoting.printable(String.valueOf(c))
                + "): unit file lines cannot hold it");
      }
    }
  }
}
