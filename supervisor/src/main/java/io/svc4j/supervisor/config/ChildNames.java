package io.svc4j.supervisor.config;

import java.util.regex.Pattern;

/**
 * What a supervised child's name may be: it names directories, log files and control sockets, so
 * 1-64 letters, digits, {@code . _ -}, starting with a letter or digit. A watch's name follows the
 * same rule (it appears in the same logs and POST bodies).
 */
public final class ChildNames {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ChildNames() {}

  /** True when {@code name} is a valid child (or watch) name. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
