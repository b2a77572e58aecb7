package io.svc4j.cli.install;

import io.svc4j.manager.ManagerException;
import java.time.Duration;
import java.util.List;

/** {@code svc4j install ... -- COMMAND ARGS}: the words after {@code --}, executable resolved. */
public final class DirectCommandSource implements CommandSource {
  @Override
  public List<String> command(String serviceName, List<String> trailing, Duration stopDeadline) {
    if (trailing.isEmpty()) {
      throw new ManagerException(
          "no command given for service '" + serviceName + "': add -- COMMAND [ARGS...]");
    }
    return Executables.resolveProgram(trailing);
  }
}
