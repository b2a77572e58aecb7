package io.svc4j.registry.api;

/** Quotes untrusted text for an error line: control characters escaped, length bounded. */
public final class Printable {

  private static final int MAX = 80;

  private Printable() {}

  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int limit = Math.min(text.length(), MAX);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
