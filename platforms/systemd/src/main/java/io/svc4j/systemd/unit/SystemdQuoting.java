package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes strings so that systemd reads back exactly the same string. The rules (systemd.syntax(7),
 * systemd.service(5) "Command lines", systemd.unit(5) "Specifiers"):
 *
 * <ul>
 *   <li>Specifiers ({@code %n}, {@code %h}, ...) are expanded in almost every setting, quoted or
 *       not, so every {@code %} becomes {@code %%}.
 *   <li>Command lines are split into words; a word in double quotes keeps its spaces, and C-style
 *       escapes ({@code \\ \" \n \t \xNN \\uNNNN}) are decoded inside it. Every argument is
 *       therefore always quoted, which also keeps a {@code ;} argument from being taken as a
 *       command separator and an empty argument from disappearing.
 *   <li>In command lines {@code $NAME} and {@code ${NAME}} are replaced by environment variables
 *       when the process starts, so every {@code $} becomes {@code $$}. {@code Environment=} does
 *       not substitute, so it keeps {@code $} as is.
 *   <li>A line ending in a backslash continues on the next line, and CR/LF end a line: the closing
 *       quote and the escaping of control characters rule both out.
 * </ul>
 *
 * NUL and unpaired UTF-16 surrogates cannot be represented (argv and the environment are C strings
 * of UTF-8) and are refused.
 */
public final class SystemdQuoting {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SystemdQuoting() {}

  /** One command line argument, quoted for ExecStart= and friends. */
  public static String execArgument(String argument) {
    return quote(argument, true, "command line argument");
  }

  /** A whole command line: every argument quoted, separated by single spaces. */
  public static String commandLine(List<String> arguments) {
    StringBuilder out = new StringBuilder();
    for (String argument : arguments) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(execArgument(argument));
    }
    return out.toString();
  }

  /** One {@code Environment=} word assigning {@code value} to {@code name}. */
  public static String environmentAssignment(String name, String value) {
    requireEnvironmentName(name);
    return quote(name + "=" + value, false, "value of environment variable " + name);
  }

  /** Checks that {@code name} is a name systemd accepts for an environment variable. */
  public static String requireEnvironmentName(String name) {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new ManagerException(
          "invalid environment variable name '"
              + printable(String.valueOf(name))
              + "': use letters, digits and '_', not starting with a digit");
    }
    return name;
  }

  /**
   * A setting whose value is taken verbatim apart from specifiers (paths in WorkingDirectory=,
   * EnvironmentFile=, free text in Description=). Such settings have no escapes, so a value that
   * systemd would mangle is refused instead.
   */
  public static String verbatim(String value, String what) {
    Directive.requireSingleLine(value, what);
    if (value.indexOf('\t') >= 0) {
      throw new ManagerException("the " + what + " contains a tab: systemd cannot keep it here");
    }
    if (!value.equals(value.strip())) {
      throw new ManagerException(
          "the "
              + what
              + " '"
              + value
              + "' starts or ends with whitespace, which systemd strips: remove it");
    }
    if (value.endsWith("\\")) {
      throw new ManagerException(
          "the "
              + what
              + " '"
              + value
              + "' ends with a backslash, which systemd reads as a line continuation");
    }
    return value.replace("%", "%%");
  }

  /**
   * One entry of a space-separated path list (ReadWritePaths= and friends): quoted, with {@code \\}
   * and {@code "} escaped by a backslash. These lists know no C escapes, so control characters are
   * refused.
   */
  public static String pathListEntry(String path, String what) {
    String text = verbatim(path, what);
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** For error messages: control characters shown as escapes so the message stays one line. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(String.format(Locale.ROOT, "\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private static String quote(String text, boolean escapeDollar, String what) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          out.append(c).append(text.charAt(++i));
          continue;
        }
        throw new ManagerException(
            "the " + what + " is not valid Unicode (unpaired surrogate at index " + i + ")");
      }
      switch (c) {
        case '\0' ->
            throw new ManagerException(
                "the " + what + " contains a NUL character, which no process can receive");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '%' -> out.append("%%");
        case '$' -> out.append(escapeDollar ? "$$" : "$");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else if (Character.isISOControl(c)) {
            // C1 controls: \xNN would be a raw byte, not the UTF-8 encoding of U+0080..U+009F.
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
