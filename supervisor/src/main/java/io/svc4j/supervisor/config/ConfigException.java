package io.svc4j.supervisor.config;

/**
 * A setting that is missing, malformed or contradicts another. {@link #setting()} is the dotted
 * path of the offending key as it is spelled in the YAML file ({@code restart.backoff.max}), so
 * that a file loader can add the file:line:column of that key and the user sees one line naming
 * what to fix.
 */
public final class ConfigException extends IllegalArgumentException {

  private final String setting;
  private final String problem;

  public ConfigException(String setting, String problem) {
    super(setting + ": " + problem);
    this.setting = setting;
    this.problem = problem;
  }

  /** Dotted path of the key, e.g. {@code logs.max-size}. */
  public String setting() {
    return setting;
  }

  /** What is wrong and how to fix it, without the key. */
  public String problem() {
    return problem;
  }

  /** The same problem, located under a parent key (records validate their own fields only). */
  public ConfigException under(String parent) {
    return new ConfigException(parent + "." + setting, problem);
  }

  static void require(boolean ok, String setting, String problem) {
    if (!ok) {
      throw new ConfigException(setting, problem);
    }
  }

  static java.time.Duration positive(java.time.Duration value, String setting) {
    require(value != null, setting, "is required");
    require(!value.isNegative() && !value.isZero(), setting, "must be positive, got " + value);
    return value;
  }

  static java.time.Duration notNegative(java.time.Duration value, String setting) {
    require(value != null, setting, "is required");
    require(!value.isNegative(), setting, "must not be negative, got " + value);
    return value;
  }
}
