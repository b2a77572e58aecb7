package io.svc4j.cli.install;

import io.svc4j.manager.RestartPolicy;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "no", "on-failure", "always", as systemd spells them. */
final class RestartModeConverter implements ITypeConverter<RestartPolicy.Mode> {
  @Override
  public RestartPolicy.Mode convert(String value) {
    try {
      return RestartPolicy.Mode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "invalid restart mode '" + value + "': use no, on-failure or always");
    }
  }
}
