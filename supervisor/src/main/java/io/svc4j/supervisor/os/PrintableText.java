package io.svc4j.supervisor.os;

import java.util.regex.Pattern;

/**
 * Makes text that a child or another user controls (STATUS=, output lines, command lines of other
 * processes) safe to print on an operator's terminal: {@code svc4j status} runs as root, and an
 * escape sequence in what it prints could retitle the window, rewrite what is on screen, or, on
 * some terminals, answer back as typed input.
 */
public final class PrintableText {

  // ESC- and C1-introduced sequences, removed whole so that their parameters do not show up as
  // text: CSI (ESC [ ... final), string controls (OSC, DCS, SOS, PM, APC up to BEL or ST), and
  // two-character escapes.
  private static final Pattern SEQUENCES =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]?"
              + "|\u009B[0-?]*[ -/]*[@-~]?"
              + "|[\u001B][\\]PX^_].*?(?:\u0007|\u001B\\\\|\u009C|$)"
              + "|[\u0090\u0098\u009D\u009E\u009F].*?(?:\u0007|\u001B\\\\|\u009C|$)"
              + "|\u001B[ -/]*[0-~]?",
          Pattern.DOTALL);
  // What is left: control characters (C0, DEL, C1) and the bidirectional overrides that reorder
  // what a terminal shows.
  private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}\u202A-\u202E\u2066-\u2069]");
  private static final Pattern BLANKS = Pattern.compile("[\t\n\r]");

  private PrintableText() {}

  /** {@code text} without escape sequences and control characters; tabs and newlines as spaces. */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    if (isClean(text)) {
      return text;
    }
    String s = SEQUENCES.matcher(text).replaceAll("");
    s = BLANKS.matcher(s).replaceAll(" ");
    return CONTROLS.matcher(s).replaceAll("");
  }

  private static boolean isClean(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20
          || (c >= 0x7F && c <= 0x9F)
          || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2066 && c <= 0x2069)) {
        return false;
      }
    }
    return true;
  }
}
