package io.svc4j.cli.install;

import io.svc4j.manager.ManagerException;
import io.svc4j.windows.manager.SidType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --sid-type}: none, unrestricted or restricted, as {@link SidType#parse}. */
final class SidTypeConverter implements ITypeConverter<SidType> {
  @Override
  public SidType convert(String value) {
    try {
      return SidType.parse(value);
    } catch (ManagerException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
