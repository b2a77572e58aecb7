package io.svc4j.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent implementation of how CommandLineToArgvW (and the MSVC runtime) split a command
 * line, written from Microsoft's documented rules, to check {@link CommandLine} against.
 *
 * <ul>
 *   <li>argv[0]: if it starts with a quote, everything up to the next quote, with no escapes;
 *       otherwise everything up to the first space or tab.
 *   <li>Other arguments are separated by spaces and tabs outside quotes. A quote toggles quoting.
 *   <li>2n backslashes followed by a quote: n backslashes, and the quote toggles quoting; 2n+1
 *       backslashes followed by a quote: n backslashes and a literal quote. Backslashes not
 *       followed by a quote are literal.
 *   <li>Inside quotes, two quotes in a row give a literal quote.
 * </ul>
 */
final class ArgvParser {
  private ArgvParser() {}

  static List<String> parse(String line) {
    List<String> argv = new ArrayList<>();
    int i = 0;
    int n = line.length();
    StringBuilder program = new StringBuilder();
    if (n > 0 && line.charAt(0) == '"') {
      i = 1;
      while (i < n && line.charAt(i) != '"') {
        program.append(line.charAt(i++));
      }
      i++; // closing quote
    } else {
      while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        program.append(line.charAt(i++));
      }
    }
    argv.add(program.toString());
    while (true) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        return argv;
      }
      StringBuilder arg = new StringBuilder();
      boolean quoted = false;
      while (i < n) {
        char c = line.charAt(i);
        if (c == '\\') {
          int run = 0;
          while (i < n && line.charAt(i) == '\\') {
            run++;
            i++;
          }
          if (i < n && line.charAt(i) == '"') {
            arg.append("\\".repeat(run / 2));
            if (run % 2 == 1) {
              arg.append('"');
              i++;
            }
          } else {
            arg.append("\\".repeat(run));
          }
        } else if (c == '"') {
          if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
            arg.append('"');
            i += 2;
          } else {
            quoted = !quoted;
            i++;
          }
        } else if (!quoted && (c == ' ' || c == '\t')) {
          break;
        } else {
          arg.append(c);
          i++;
        }
      }
      argv.add(arg.toString());
    }
  }
}
