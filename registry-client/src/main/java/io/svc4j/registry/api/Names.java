package io.svc4j.registry.api;

import java.util.regex.Pattern;

/**
 * What a service name or instance id may be: they end up in URL paths, etcd keys and log lines, so
 * only letters, digits, dot, dash and underscore, 1 to 128 characters.
 */
public final class Names {

  public static final int MAX_LENGTH = 128;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private Names() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /** Returns the name or throws with a message that says what to fix. */
  public static String require(String what, String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          what
              + " "
              + Printable.quote(name)
              + " is invalid: use 1-"
              + MAX_LENGTH
              + " letters, digits, '.', '-' or '_'");
    }
    return name;
  }
}
