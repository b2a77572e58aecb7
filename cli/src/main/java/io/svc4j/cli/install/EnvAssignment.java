package io.svc4j.cli.install;

import io.svc4j.supervisor.config.VariableNames;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One {@code --env KEY=VALUE}; the key must be a portable environment variable name. */
public record EnvAssignment(String key, String value) {

  public static final class Converter implements ITypeConverter<EnvAssignment> {
    @Override
    public EnvAssignment convert(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException(
            "malformed --env '" + text + "': expected KEY=VALUE, e.g. --env JAVA_OPTS=-Xmx512m");
      }
      String key = text.substring(0, eq);
      if (!VariableNames.isValid(key)) {
        throw new TypeConversionException(
            "malformed --env '"
                + text
                + "': the name '"
                + key
                + "' must be letters, digits and '_', not starting with a digit");
      }
      String value = text.substring(eq + 1);
      if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        throw new TypeConversionException(
            "malformed --env '" + key + "=...': the value contains control characters");
      }
      return new EnvAssignment(key, value);
    }
  }
}
