package io.svc4j.supervisor.config;

import java.util.regex.Pattern;

/**
 * What an environment variable's name may be, in one place for {@code environment:}, environment
 * files, {@code ${VAR}} references and the CLI's {@code --env}: letters, digits and {@code _}, not
 * starting with a digit (the portable POSIX shell names).
 */
public final class VariableNames {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private VariableNames() {}

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
