package io.svc4j.cli;

import io.svc4j.service.Reloadable;
import java.util.List;

/**
 * Tells {@code install} of an embedded application whether its service reloads: the service is
 * built from the arguments it will run with (nothing is started) and asked. Only then does the unit
 * offer reload; a unit that offered it for a service that cannot would make {@code systemctl
 * reload} report success while nothing happened.
 */
@FunctionalInterface
interface ReloadProbe {

  /** True if the service built from {@code applicationArgs} implements reload. */
  boolean reloads(List<String> applicationArgs) throws Exception;

  static ReloadProbe of(ServiceFactory factory) {
    return args -> factory.create(args) instanceof Reloadable reloadable && reloadable.canReload();
  }
}
