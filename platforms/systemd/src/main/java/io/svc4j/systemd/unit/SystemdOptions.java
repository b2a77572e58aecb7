package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.PlatformOptions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * systemd-only settings of a service, validated when built so a typo fails at install time instead
 * of being silently ignored by systemd.
 *
 * @param hardening write the sandboxing defaults (see {@link UnitRenderer}); on by default
 * @param killMode how a stop signals the processes of the service
 * @param extraDirectives raw directives appended to their section, after the generated ones (so a
 *     single-valued setting given here overrides the generated value)
 * @param reload how the main process reloads; null: it cannot, and the unit offers no reload
 * @param socket a listening socket systemd holds for the service (a {@code .socket} unit); null:
 *     none
 */
public record SystemdOptions(
    boolean hardening,
    KillMode killMode,
    Map<UnitSection, List<Directive>> extraDirectives,
    UnitReload reload,
    ListenAddress socket)
    implements PlatformOptions {

  /** The defaults used when a definition carries no SystemdOptions. */
  public static final SystemdOptions DEFAULTS = builder().build();

  /** The sections a .service file has. */
  public enum UnitSection {
    UNIT("Unit"),
    SERVICE("Service"),
    INSTALL("Install");

    private final String fileName;

    UnitSection(String fileName) {
      this.fileName = fileName;
    }

    /** The name as written between brackets in the unit file. */
    public String fileName() {
      return fileName;
    }

    /** "Service", "service" or "[Service]" → SERVICE. */
    public static UnitSection parse(String text) {
      String bare = text.strip();
      if (bare.startsWith("[") && bare.endsWith("]")) {
        bare = bare.substring(1, bare.length() - 1);
      }
      for (UnitSection section : values()) {
        if (section.fileName.equalsIgnoreCase(bare)) {
          return section;
        }
      }
      throw new ManagerException(
          "unknown unit file section '" + text + "': use Unit, Service or Install");
    }
  }

  /**
   * systemd KillMode=. PROCESS is not offered: it leaves the children of the main process running,
   * and svc4j promises no orphans.
   */
  public enum KillMode {
    /**
     * SIGTERM to the main process only, which owns the graceful shutdown of its children; whatever
     * is left when it exits (or at TimeoutStopSec=) gets SIGKILL. Right for svc4j hosts and the
     * supervisor.
     */
    MIXED("mixed"),
    /** SIGTERM to every process of the service at once (systemd's default). */
    CONTROL_GROUP("control-group");

    private final String value;

    KillMode(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  public SystemdOptions {
    if (killMode == null) {
      throw new ManagerException("missing systemd KillMode");
    }
    EnumMap<UnitSection, List<Directive>> copy = new EnumMap<>(UnitSection.class);
    extraDirectives.forEach((section, directives) -> copy.put(section, List.copyOf(directives)));
    extraDirectives = java.util.Collections.unmodifiableMap(copy);
  }

  /** How the main process reloads, if it can. */
  public java.util.Optional<UnitReload> reloadMethod() {
    return java.util.Optional.ofNullable(reload);
  }

  /** The listening socket systemd holds for the service, if any. */
  public java.util.Optional<ListenAddress> listenSocket() {
    return java.util.Optional.ofNullable(socket);
  }

  /** The extra directives of one section, possibly none. */
  public List<Directive> extra(UnitSection section) {
    return extraDirectives.getOrDefault(section, List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private boolean hardening = true;
    private KillMode killMode = KillMode.MIXED;
    private final Map<UnitSection, List<Directive>> extra = new EnumMap<>(UnitSection.class);
    private UnitReload reload;
    private ListenAddress socket;

    private Builder() {}

    /** systemd holds this listening socket and passes it to every start (null: none). */
    public Builder socket(ListenAddress listen) {
      socket = listen;
      return this;
    }

    /** The unit offers reload this way (null: no reload, the default). */
    public Builder reload(UnitReload method) {
      reload = method;
      return this;
    }

    public Builder hardening(boolean on) {
      hardening = on;
      return this;
    }

    public Builder killMode(KillMode mode) {
      killMode = mode;
      return this;
    }

    /** Adds a raw {@code Key=Value} line to a section, e.g. (SERVICE, "LimitNOFILE=65536"). */
    public Builder extra(UnitSection section, String line) {
      extra.computeIfAbsent(section, s -> new ArrayList<>()).add(Directive.parse(line));
      return this;
    }

    /**
     * Adds an extra directive written as {@code Section.Key=Value} (or {@code [Section]Key=Value}),
     * the form a command line flag can carry, e.g. {@code Service.LimitNOFILE=65536}.
     */
    public Builder extra(String qualified) {
      String text = qualified.strip();
      int split;
      if (text.startsWith("[")) {
        split = text.indexOf(']') + 1;
      } else {
        int dot = text.indexOf('.');
        int eq = text.indexOf('=');
        split = dot > 0 && (eq < 0 || dot < eq) ? dot : -1;
      }
      if (split <= 0) {
        throw new ManagerException(
            "malformed systemd directive '"
                + qualified
                + "': expected Section.Key=Value, e.g. Service.LimitNOFILE=65536");
      }
      UnitSection section = UnitSection.parse(text.substring(0, split));
      String line = text.substring(text.startsWith("[") ? split : split + 1);
      return extra(section, line);
    }

    public SystemdOptions build() {
      return new SystemdOptions(hardening, killMode, extra, reload, socket);
    }
  }
}
