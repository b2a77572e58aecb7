package io.svc4j.cli.install;

import io.svc4j.cli.UsageException;
import io.svc4j.systemd.unit.UnitReload;
import java.io.PrintWriter;
import java.util.List;

/**
 * How the service that {@code install} writes reloads, if at all: the supervisor always does (it
 * forwards the reload to its child as configured), an embedded application when its service
 * implements {@code Reloadable}, a {@code --direct} program only with {@code --reload-signal}.
 */
final class InstallReload {

  private InstallReload() {}

  /** Supervised mode: the supervisor reloads on SIGHUP and reports RELOADING/READY itself. */
  static UnitReload supervised(UnitReload.Signal flag) {
    if (flag != null) {
      throw new UsageException(
          "--reload-signal is for --direct programs: the supervisor reloads on SIGHUP and forwards"
              + " the reload to the child as its config says (reload: {signal: ...})");
    }
    return UnitReload.SVC4J;
  }

  /** A --direct program: it reloads on the signal given, and announces nothing. */
  static UnitReload direct(UnitReload.Signal flag) {
    return flag == null ? null : UnitReload.bySignal(flag);
  }

  /**
   * An embedded application: asks its service, built from {@code applicationArgs}. When that cannot
   * be built here, says so in one line and installs without reload.
   */
  static UnitReload embedded(
      UnitReload.Signal flag,
      ReloadProbe probe,
      List<String> applicationArgs,
      String name,
      PrintWriter err) {
    if (flag != null) {
      throw new UsageException(
          "--reload-signal is for --direct programs: an svc4j application reloads on SIGHUP when"
              + " its service implements Reloadable");
    }
    if (probe == null) {
      return null;
    }
    try {
      return probe.reloads(applicationArgs) ? UnitReload.SVC4J : null;
    } catch (Exception e) {
      err.println(
          "warning: cannot tell whether "
              + name
              + " supports reload (building it from its arguments failed: "
              + e.getMessage()
              + "); it is installed without reload");
      return null;
    }
  }
}
