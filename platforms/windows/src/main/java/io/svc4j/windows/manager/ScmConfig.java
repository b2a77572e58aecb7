package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.windows.CommandLine;
import io.svc4j.windows.runtime.WindowsPlatform;
import io.svc4j.windows.runtime.WindowsPlatformProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly what an install gives the SCM, computed and validated from a {@link ServiceDefinition}
 * before anything is changed, so that bad input fails with one line and nothing half-installed.
 */
public record ScmConfig(
    String name,
    String displayName,
    String description,
    String binaryPath,
    StartType startType,
    ServiceAccount account,
    List<String> dependencies,
    RecoveryActions recovery,
    Optional<Duration> preshutdownTimeout,
    SidType sidType,
    List<String> environment,
    boolean eventSource) {

  /** The SCM limit for display names. */
  public static final int MAX_DISPLAY_NAME = 256;

  /** Practical limit for descriptions; Event Viewer and services.msc show far less. */
  public static final int MAX_DESCRIPTION = 2048;

  /** Tells the embedded runtime to accept PRESHUTDOWN (see WindowsPlatformProvider). */
  static final String PRESHUTDOWN_OPT_IN =
      "-D" + WindowsPlatformProvider.PRESHUTDOWN_PROPERTY + "=true";

  static final String START_TIMEOUT_OPTION =
      "-D" + WindowsPlatformProvider.START_TIMEOUT_PROPERTY + "=";

  public ScmConfig {
    dependencies = List.copyOf(dependencies);
    environment = List.copyOf(environment);
  }

  public static ScmConfig from(ServiceDefinition definition) {
    String name = definition.name();
    if (definition.scope() != Scope.SYSTEM) {
      throw new ManagerException(new Refusal.PerUserService(Optional.of(name)));
    }
    if (definition.readiness() != ReadinessProtocol.NOTIFY) {
      throw new ManagerException(
          "a Windows service must talk to the SCM itself: '"
              + name
              + "' runs a program that does not (readiness "
              + definition.readiness()
              + "); embed svc4j in it");
    }
    if (definition.workingDirectory() != null) {
      throw new ManagerException(new Refusal.WorkingDirectory(name, definition.workingDirectory()));
    }
    if (!definition.environmentFiles().isEmpty()) {
      throw new ManagerException(new Refusal.EnvironmentFiles(name));
    }
    if (definition.watchdogTimeout().isPresent()) {
      throw new ManagerException(
          "the Windows SCM has no watchdog: drop the watchdog setting for '" + name + "'");
    }
    if (definition.runAsGroup() != null) {
      throw new ManagerException(
          "Windows services run as an account, not a group: drop the group for '" + name + "'");
    }
    WindowsOptions options =
        definition.options(WindowsOptions.class).orElse(WindowsOptions.DEFAULTS);
    ServiceAccount account = options.account();
    if (definition.runAsUser() != null) {
      if (definition.options(WindowsOptions.class).isPresent()) {
        throw new ManagerException(
            "both a run-as user and a Windows account are given for '" + name + "': keep one");
      }
      account = ServiceAccount.parse(definition.runAsUser(), null);
    }
    account.requireUsableBy(name);
    String displayName = requireText(definition.displayName(), "display name", MAX_DISPLAY_NAME);
    String description = requireText(definition.description(), "description", MAX_DESCRIPTION);
    List<String> environment = new ArrayList<>();
    for (Map.Entry<String, String> entry : definition.environment().entrySet()) {
      String key = entry.getKey();
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
        throw new ManagerException("invalid environment variable name '" + key + "'");
      }
      if (entry.getValue().indexOf('\0') >= 0) {
        throw new ManagerException("environment variable " + key + " contains a NUL character");
      }
      environment.add(key + "=" + entry.getValue());
    }
    return new ScmConfig(
        name,
        displayName,
        description,
        CommandLine.join(
            withStartTimeout(
                javaOptions(definition.command(), options), definition.startTimeout())),
        options.startType(),
        account,
        options.dependencies(),
        options.recovery().orElseGet(() -> RecoveryActions.from(definition.restart())),
        options.preshutdownTimeout(),
        account instanceof ServiceAccount.Virtual && options.sidType() == SidType.NONE
            ? SidType.UNRESTRICTED
            : options.sidType(),
        environment,
        options.eventSource());
  }

  /**
   * A JVM run as a service needs -Xrs: without it, the console logoff event that Windows sends to
   * every process ends the JVM when any user logs off.
   */
  static List<String> javaOptions(List<String> command, WindowsOptions options) {
    return javaOptions(command, options.preshutdownTimeout().isPresent());
  }

  /**
   * Tells an embedded runtime its start timeout (it stops heartbeating and fails the start past
   * it); left out when it is the runtime's own default, so such a command line stays as given.
   */
  static List<String> withStartTimeout(List<String> command, Duration startTimeout) {
    if (!isJava(command.get(0))
        || startTimeout.equals(WindowsPlatform.DEFAULT_START_TIMEOUT)
        || command.stream().anyMatch(a -> a.startsWith(START_TIMEOUT_OPTION))) {
      return command;
    }
    List<String> out = new ArrayList<>(command);
    out.add(1, START_TIMEOUT_OPTION + startTimeout.toMillis());
    return out;
  }

  /**
   * The start timeout a command line gives its embedded runtime (see {@link #withStartTimeout}).
   */
  public static Duration startTimeoutOf(String binaryPath) {
    int at = binaryPath.indexOf(START_TIMEOUT_OPTION);
    if (at >= 0) {
      int from = at + START_TIMEOUT_OPTION.length();
      int to = from;
      while (to < binaryPath.length() && Character.isDigit(binaryPath.charAt(to))) {
        to++;
      }
      if (to > from) {
        return Duration.ofMillis(Long.parseLong(binaryPath.substring(from, to)));
      }
    }
    return WindowsPlatform.DEFAULT_START_TIMEOUT;
  }

  static List<String> javaOptions(List<String> command, boolean preshutdown) {
    if (!isJava(command.get(0))) {
      return command;
    }
    List<String> out = new ArrayList<>(command);
    if (preshutdown && !command.contains(PRESHUTDOWN_OPT_IN)) {
      out.add(1, PRESHUTDOWN_OPT_IN);
    }
    if (!command.contains("-Xrs")) {
      out.add(1, "-Xrs");
    }
    return out;
  }

  static boolean isJava(String program) {
    String file =
        program.substring(Math.max(program.lastIndexOf('\\'), program.lastIndexOf('/')) + 1);
    file = file.toLowerCase(Locale.ROOT);
    return file.equals("java.exe") || file.equals("javaw.exe") || file.equals("java");
  }

  static String requireText(String text, String what, int max) {
    if (text.length() > max) {
      throw new ManagerException(
          "the " + what + " is " + text.length() + " characters, the SCM allows at most " + max);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new ManagerException(
            "the "
                + what
                + " contains a control character (U+"
                + String.format("%04X", (int) c)
                + "): use a single line of text");
      }
    }
    if (what.equals("display name") && (text.indexOf('/') >= 0 || text.indexOf('\\') >= 0)) {
      throw new ManagerException(
          "the display name '" + text + "' contains / or \\, which the SCM rejects");
    }
    return text;
  }

  /** The configuration as shown by {@code install --dry-run}: one "Key = value" per line. */
  public String render() {
    StringBuilder out = new StringBuilder();
    line(out, "ServiceName", name);
    line(out, "DisplayName", displayName);
    line(out, "Description", description);
    line(out, "BinaryPathName", binaryPath);
    line(out, "ServiceType", "WIN32_OWN_PROCESS");
    line(out, "StartType", startType.name());
    line(out, "ErrorControl", "NORMAL");
    line(out, "ServiceStartName", account.describe(name));
    line(out, "Dependencies", dependencies.isEmpty() ? "(none)" : String.join(" / ", dependencies));
    line(out, "FailureActions", recovery.describe());
    line(
        out,
        "PreshutdownTimeout",
        preshutdownTimeout.map(d -> d.toMillis() + " ms").orElse("(not accepted)"));
    line(out, "ServiceSidType", sidType.name());
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    // '\n' and not %n: the plan is the same text on every platform.
    out.append(String.format("%-18s = %s", key, value)).append('\n');
  }

  /** Where svc4j marks its services and stores their environment. */
  public static String serviceKey(String name) {
    return "SYSTEM\\CurrentControlSet\\Services\\" + name;
  }
}
