package io.svc4j.windows.manager;

import io.svc4j.windows.Scm;

/** When Windows starts the service. */
public enum StartType {
  /** At boot. */
  AUTO(Scm.START_AUTO, false),
  /** Shortly after boot, once the automatic services are up (the usual choice for servers). */
  DELAYED_AUTO(Scm.START_AUTO, true),
  /** Only when asked to ("demand start"). */
  MANUAL(Scm.START_DEMAND, false),
  /** Cannot be started until the start type is changed. */
  DISABLED(Scm.START_DISABLED, false);

  private final int scmStartType;
  private final boolean delayed;

  StartType(int scmStartType, boolean delayed) {
    this.scmStartType = scmStartType;
    this.delayed = delayed;
  }

  /** dwStartType of CreateService. */
  public int scmStartType() {
    return scmStartType;
  }

  /** SERVICE_DELAYED_AUTO_START_INFO.fDelayedAutostart. */
  public boolean delayed() {
    return delayed;
  }

  /** Parses a CLI value: auto, delayed-auto, manual or disabled (case-insensitive). */
  public static StartType parse(String text) {
    String key = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (key) {
      case "auto", "automatic" -> AUTO;
      case "delayed-auto", "delayed", "delayed_auto" -> DELAYED_AUTO;
      case "manual", "demand" -> MANUAL;
      case "disabled" -> DISABLED;
      default ->
          throw new io.svc4j.manager.ManagerException(
              "invalid start type '" + text + "': use auto, delayed-auto, manual or disabled");
    };
  }

  /** Reads back what the SCM stores. */
  public static StartType of(int scmStartType, boolean delayed) {
    return switch (scmStartType) {
      case Scm.START_AUTO -> delayed ? DELAYED_AUTO : AUTO;
      case Scm.START_DEMAND -> MANUAL;
      case Scm.START_DISABLED -> DISABLED;
      default -> throw new IllegalArgumentException("not a service start type: " + scmStartType);
    };
  }
}
