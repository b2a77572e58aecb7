package io.svc4j.cli.install;

import io.svc4j.manager.ManagerException;
import io.svc4j.windows.manager.StartType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --start-type}: auto, delayed-auto, manual or disabled, as {@link StartType#parse}. */
final class StartTypeConverter implements ITypeConverter<StartType> {
  @Override
  public StartType convert(String value) {
    try {
      return StartType.parse(value);
    } catch (ManagerException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
