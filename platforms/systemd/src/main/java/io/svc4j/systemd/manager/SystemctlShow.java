package io.svc4j.systemd.manager;

import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads the output of {@code systemctl show -p ...} and maps it onto {@link ServiceStatus}. */
public final class SystemctlShow {

  /** The properties {@link #toStatus} reads. */
  public static final List<String> STATUS_PROPERTIES =
      List.of(
          "LoadState",
          "ActiveState",
          "SubState",
          "Result",
          "ExecMainCode",
          "ExecMainStatus",
          "MainPID",
          "StatusText",
          "FragmentPath");

  /** siginfo codes systemd reports in ExecMainCode= (CLD_EXITED, CLD_KILLED, CLD_DUMPED). */
  private static final int CLD_EXITED = 1;

  private static final int CLD_KILLED = 2;
  private static final int CLD_DUMPED = 3;

  private SystemctlShow() {}

  /**
   * "Key=Value" lines to a map; the value is everything after the first '=' (a StatusText may
   * contain '='). Lines without '=' are ignored; a later duplicate wins.
   */
  public static Map<String, String> parse(String output) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        properties.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return properties;
  }

  /** The status of service {@code name} from the properties of its unit. */
  public static ServiceStatus toStatus(String name, Map<String, String> p) {
    String load = p.getOrDefault("LoadState", "");
    String active = p.getOrDefault("ActiveState", "");
    String sub = p.getOrDefault("SubState", "");
    String result = p.getOrDefault("Result", "");
    if (load.equals("not-found") || load.isEmpty()) {
      return ServiceStatus.notInstalled(name);
    }
    OptionalLong mainPid = positiveLong(p.get("MainPID"));
    String statusText = p.getOrDefault("StatusText", "");
    OptionalInt exitCode = mainPid.isPresent() ? OptionalInt.empty() : exitCode(p);

    if (load.equals("bad-setting") || load.equals("error")) {
      // The unit file exists but systemd refused it: installed, and broken.
      return new ServiceStatus(
          name, State.FAILED, active + " (" + load + ")", mainPid, statusText, exitCode, load);
    }
    State state =
        switch (active) {
          case "active", "refreshing" -> State.RUNNING;
          case "reloading" -> State.RELOADING;
          case "activating" -> State.STARTING;
          case "deactivating" -> State.STOPPING;
          case "failed" -> State.FAILED;
          default -> State.STOPPED; // inactive, maintenance
        };
    String nativeState =
        switch (state) {
          case FAILED -> "failed (" + result + ")";
          default -> active + " (" + sub + ")";
        };
    if (load.equals("masked")) {
      nativeState += ", masked";
    }
    return new ServiceStatus(
        name,
        state,
        nativeState,
        mainPid,
        statusText,
        exitCode,
        result.equals("success") ? "" : result);
  }

  /** True while systemd waits to restart a service that failed (SubState=auto-restart). */
  public static boolean isAutoRestarting(Map<String, String> p) {
    return "auto-restart".equals(p.get("SubState"));
  }

  /**
   * The last exit of the main process as a shell would report it: the exit status, or 128 + the
   * signal number if a signal killed it. Empty if it never ran.
   */
  private static OptionalInt exitCode(Map<String, String> p) {
    OptionalLong code = positiveLong(p.get("ExecMainCode"));
    OptionalLong status = nonNegativeLong(p.get("ExecMainStatus"));
    if (code.isEmpty() || status.isEmpty()) {
      return OptionalInt.empty();
    }
    int value = (int) status.getAsLong();
    return switch ((int) code.getAsLong()) {
      case CLD_EXITED -> OptionalInt.of(value);
      case CLD_KILLED, CLD_DUMPED -> OptionalInt.of(128 + value);
      default -> OptionalInt.empty();
    };
  }

  private static OptionalLong positiveLong(String text) {
    OptionalLong value = nonNegativeLong(text);
    return value.isPresent() && value.getAsLong() > 0 ? value : OptionalLong.empty();
  }

  private static OptionalLong nonNegativeLong(String text) {
    if (text == null || text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long value = Long.parseLong(text.strip());
      return value >= 0 ? OptionalLong.of(value) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
