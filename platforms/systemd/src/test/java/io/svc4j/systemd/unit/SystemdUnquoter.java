package io.svc4j.systemd.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of unit file values, written from systemd.syntax(7), systemd.service(5)
 * "Command lines" and systemd.unit(5) "Specifiers" (and systemd's extract_first_word with
 * EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE): the oracle for the quoting round-trip properties. It throws
 * on anything systemd would treat specially that a faithful quoting must never produce: a specifier
 * other than %%, a variable reference, a lone ';' separator, a line break or continuation.
 */
final class SystemdUnquoter {

  private SystemdUnquoter() {}

  /** The argv systemd starts for an ExecStart= value. */
  static List<String> commandLine(String value) {
    List<String> words = new ArrayList<>();
    for (String word : words(value, true)) {
      words.add(replaceVariables(expandSpecifiers(word)));
    }
    return words;
  }

  /** The assignments of an Environment= value. */
  static List<String> environment(String value) {
    List<String> words = new ArrayList<>();
    for (String word : words(value, false)) {
      words.add(expandSpecifiers(word));
    }
    return words;
  }

  /** A verbatim value (paths, Description=): only specifiers are expanded. */
  static String verbatim(String value) {
    requireOneLine(value);
    return expandSpecifiers(value);
  }

  private static void requireOneLine(String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("line break inside a value");
    }
    if (value.endsWith("\\")) {
      throw new IllegalArgumentException("line continuation");
    }
  }

  private static List<String> words(String value, boolean commandLine) {
    requireOneLine(value);
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && isSeparator(value.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      if (commandLine
          && value.charAt(i) == ';'
          && (i + 1 == n || isSeparator(value.charAt(i + 1)))) {
        throw new IllegalArgumentException("command separator ';' at " + i);
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (i < n) {
        char c = value.charAt(i);
        if (quote == 0 && isSeparator(c)) {
          break;
        }
        i++;
        if (c == '\\') {
          if (i >= n) {
            throw new IllegalArgumentException("backslash at the end");
          }
          i = unescape(value, i, word);
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
        } else {
          word.append(c);
        }
      }
      if (quote != 0) {
        throw new IllegalArgumentException("unterminated quote");
      }
      words.add(word.toString());
    }
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** C escapes as in systemd's cunescape_one; returns the index after the escape. */
  private static int unescape(String s, int i, StringBuilder out) {
    char c = s.charAt(i);
    switch (c) {
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000b');
      case '\\', '"', '\'' -> out.append(c);
      case 's' -> out.append(' ');
      case 'x' -> {
        int value = Integer.parseInt(s.substring(i + 1, i + 3), 16);
        if (value == 0 || value >= 0x80) {
          // >= 0x80 would be a raw byte, not a character; our quoting never writes that.
          throw new IllegalArgumentException("\\x escape of " + value);
        }
        out.append((char) value);
        return i + 3;
      }
      case 'u' -> {
        out.appendCodePoint(nonZero(Integer.parseInt(s.substring(i + 1, i + 5), 16)));
        return i + 5;
      }
      case 'U' -> {
        out.appendCodePoint(nonZero(Integer.parseInt(s.substring(i + 1, i + 9), 16)));
        return i + 9;
      }
      default -> {
        if (c >= '0' && c <= '7') {
          int value = Integer.parseInt(s.substring(i, i + 3), 8);
          if (value == 0 || value >= 0x80) {
            throw new IllegalArgumentException("octal escape of " + value);
          }
          out.append((char) value);
          return i + 3;
        }
        throw new IllegalArgumentException("invalid escape \\" + c);
      }
    }
    return i + 1;
  }

  private static int nonZero(int codePoint) {
    if (codePoint == 0) {
      throw new IllegalArgumentException("escaped NUL");
    }
    return codePoint;
  }

  private static String expandSpecifiers(String word) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '%') {
        if (i + 1 < word.length() && word.charAt(i + 1) == '%') {
          out.append('%');
          i++;
        } else {
          throw new IllegalArgumentException("specifier at " + i + " in " + word);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** systemd's replace_env_argv: "$NAME" as a whole word, "${NAME}" anywhere, "$$" is "$". */
  private static String replaceVariables(String word) {
    if (word.startsWith("$")
        && word.length() > 1
        && word.charAt(1) != '{'
        && word.charAt(1) != '$') {
      throw new IllegalArgumentException("variable word " + word);
    }
    if (word.equals("$")) {
      throw new IllegalArgumentException("lone $ would be an empty variable");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '$' && i + 1 < word.length()) {
        char next = word.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i++;
          continue;
        }
        if (next == '{') {
          throw new IllegalArgumentException("variable reference in " + word);
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
