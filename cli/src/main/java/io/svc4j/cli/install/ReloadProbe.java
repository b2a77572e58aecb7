package io.svc4j.cli.install;

import java.util.List;

/**
 * Tells {@code install} of an embedded application whether its service reloads: the service is
 * built from the arguments it will run with (nothing is started) and asked. Only then does the unit
 * offer reload; a unit that offered it for a service that cannot would make {@code systemctl
 * reload} report success while nothing happened.
 */
@FunctionalInterface
public interface ReloadProbe {

  /** True if the service built from {@code applicationArgs} implements reload. */
  boolean reloads(List<String> applicationArgs) throws Exception;
}
