package io.svc4j.windows;

import io.svc4j.manager.ManagerException;
import java.util.List;

/**
 * Builds a Windows command line (a service's binPath) that {@code CommandLineToArgvW}, the C
 * runtime and the java.exe launcher all split back into exactly the given arguments.
 *
 * <p>The program is always quoted: an unquoted {@code C:\Program Files\app.exe} would let the SCM
 * run {@code C:\Program.exe} (the unquoted-service-path vulnerability). The program's own rules
 * differ from the arguments': everything up to the next quote, no escapes, so it must not contain a
 * quote. Arguments are quoted when they contain whitespace, quotes, or the wildcards {@code * ?}
 * that java.exe would otherwise expand; backslashes are doubled only where they precede a quote.
 */
public final class CommandLine {

  /** CreateProcess limit for lpCommandLine, without the terminating NUL. */
  public static final int MAX_COMMAND_LINE = 32766;

  /** MAX_PATH without the terminating NUL: the longest executable path CreateProcess accepts. */
  public static final int MAX_PROGRAM_PATH = 259;

  private CommandLine() {}

  /** Quotes and joins program and arguments; throws a one-line {@link ManagerException}. */
  public static String join(List<String> command) {
    if (command.isEmpty()) {
      throw new ManagerException("no command given: add -- PROGRAM [ARGS...]");
    }
    StringBuilder line = new StringBuilder(quoteProgram(command.get(0)));
    for (int i = 1; i < command.size(); i++) {
      line.append(' ').append(quoteArgument(command.get(i), i));
    }
    if (line.length() > MAX_COMMAND_LINE) {
      throw new ManagerException(
          "service command line is "
              + line.length()
              + " characters, Windows allows at most "
              + MAX_COMMAND_LINE
              + ": shorten paths or move arguments into a file the program reads");
    }
    return line.toString();
  }

  static String quoteProgram(String program) {
    if (program.isEmpty()) {
      throw new ManagerException("the program path is empty: give the full path of an .exe");
    }
    if (program.indexOf('"') >= 0) {
      throw new ManagerException(
          "the program path " + program + " contains a double quote, which Windows cannot run");
    }
    rejectControlCharacters(program, "the program path");
    rejectEnvironmentReferences(program, "the program path");
    if (program.length() > MAX_PROGRAM_PATH && !program.startsWith("\\\\?\\")) {
      throw new ManagerException(
          "the program path is "
              + program.length()
              + " characters, Windows allows at most "
              + MAX_PROGRAM_PATH
              + ": install the program in a shorter directory");
    }
    return '"' + program + '"';
  }

  static String quoteArgument(String argument, int index) {
    String what = "argument " + index;
    rejectControlCharacters(argument, what);
    rejectEnvironmentReferences(argument, what);
    if (!argument.isEmpty() && !needsQuotes(argument)) {
      return argument;
    }
    StringBuilder out = new StringBuilder(argument.length() + 2).append('"');
    int backslashes = 0;
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == '"') {
        // 2n+1 backslashes before a quote yield n backslashes and a literal quote.
        out.repeat('\\', backslashes * 2 + 1);
      } else {
        out.repeat('\\', backslashes);
      }
      backslashes = 0;
      out.append(c);
    }
    // Backslashes before the closing quote must be doubled, or they would escape it.
    out.repeat('\\', backslashes * 2);
    return out.append('"').toString();
  }

  private static boolean needsQuotes(String argument) {
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == ' ' || c == '\t' || c == '"' || c == '*' || c == '?') {
        return true;
      }
    }
    return false;
  }

  private static void rejectControlCharacters(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new ManagerException(
            what
                + " contains the control character U+"
                + String.format("%04X", (int) c)
                + ", which cannot appear in a Windows service command line: remove it");
      }
    }
  }

  /**
   * The SCM stores the command line as REG_EXPAND_SZ and expands {@code %NAME%} before running it;
   * there is no escape for '%', so a pair of them could change the command behind the user's back.
   */
  private static void rejectEnvironmentReferences(String text, String what) {
    int first = text.indexOf('%');
    if (first >= 0 && text.indexOf('%', first + 1) > first) {
      throw new ManagerException(
          what
              + " '"
              + text
              + "' contains two '%' signs, which the SCM would expand as an environment variable:"
              + " pass the value in a file or an environment variable instead");
    }
  }
}
