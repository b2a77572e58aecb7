package io.svc4j.cli.install;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One {@code --env KEY=VALUE}; the key must be a portable environment variable name. */
public record EnvAssignment(String key, String value) {

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public static final class Converter implements ITypeConverter<EnvAssignment> {
    @Override
    public EnvAssignment convert(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException(
            "malformed --env '" + text + "': expected KEY=VALUE, e.g. --env JAVA_OPTS=-Xmx512m");
      }
      String key = text.substring(0, eq);
      if (!KEY.matcher(key).matches()) {
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
