package io.svc4j.supervisor.config;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used, located: {@code file:line:column: setting: problem}.
 * Line and column are 1-based; 0 when unknown.
 */
public final class ConfigFileException extends IllegalArgumentException {

  private final Path file;
  private final int line;
  private final int column;
  private final String setting;
  private final String problem;

  public ConfigFileException(Path file, int line, int column, String setting, String problem) {
    super(
        file
            + (line > 0 ? ":" + line + ":" + column : "")
            + ": "
            + (setting.isEmpty() ? "" : setting + ": ")
            + problem);
    this.file = file;
    this.line = line;
    this.column = column;
    this.setting = setting;
    this.problem = problem;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** Dotted key, e.g. {@code restart.backoff.max}; empty for a syntax error. */
  public String setting() {
    return setting;
  }

  public String problem() {
    return problem;
  }
}
