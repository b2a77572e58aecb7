package io.svc4j.manager;

import java.util.regex.Pattern;

/** The service names svc4j accepts on every platform: safe as a unit name and as an SCM name. */
public final class ServiceNames {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

  private ServiceNames() {}

  /** Throws {@link ManagerException} with a one-line explanation if the name is not valid. */
  public static String requireValid(String name) {
    if (name == null || !VALID.matcher(name).matches() || name.endsWith(".service")) {
      throw new ManagerException(
          "invalid service name '"
              + name
              + "': use 1-80 letters, digits, '_', '.', '-', starting with a letter or digit, without"
              + " a .service suffix");
    }
    return name;
  }
}
