package io.svc4j.systemd.manager;

import io.svc4j.manager.Artefact;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.unit.SocketUnitRenderer;
import io.svc4j.systemd.unit.SystemdVersion;
import io.svc4j.systemd.unit.UnitFile;
import io.svc4j.systemd.unit.UnitRenderer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Installs and controls svc4j services as systemd units through {@code systemctl}. One instance
 * serves one scope: system units (in /etc/systemd/system, needs root) or the calling user's units
 * (in ~/.config/systemd/user, {@code systemctl --user}).
 */
public final class SystemdManager implements ServiceManager {

  private static final List<String> LOAD_PROPERTIES = List.of("LoadState", "FragmentPath");

  private final Scope scope;
  private final Path unitDirectory;
  private final Systemctl systemctl;
  private final BooleanSupplier isRoot;
  private volatile SystemdVersion version; // asked once, only when a unit depends on it

  /**
   * A manager that runs {@code systemctlCommand} (e.g. {@code [systemctl]}, or {@code [nsenter, -t,
   * PID, -m, -p, -n, -u, systemctl]}) and keeps its unit files in {@code unitDirectory}.
   */
  public SystemdManager(Scope scope, List<String> systemctlCommand, Path unitDirectory) {
    this(scope, systemctlCommand, unitDirectory, new ProcessCommandRunner(), Privileges::isRoot);
  }

  SystemdManager(
      Scope scope,
      List<String> systemctlCommand,
      Path unitDirectory,
      CommandRunner runner,
      BooleanSupplier isRoot) {
    this.scope = scope;
    this.unitDirectory = unitDirectory;
    this.systemctl = new Systemctl(systemctlCommand, scope, runner);
    this.isRoot = isRoot;
  }

  /** The manager of this machine's systemd for {@code scope}, with the standard unit directory. */
  public static SystemdManager forScope(Scope scope, HostEnvironment environment) {
    return new SystemdManager(
        scope, List.of("systemctl"), defaultUnitDirectory(scope, environment));
  }

  /** /etc/systemd/system, or $XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user). */
  public static Path defaultUnitDirectory(Scope scope, HostEnvironment environment) {
    if (scope == Scope.SYSTEM) {
      return Path.of("/etc/systemd/system");
    }
    Path config =
        environment
            .variable("XDG_CONFIG_HOME")
            .map(Path::of)
            .filter(Path::isAbsolute)
            .orElseGet(
                () ->
                    Path.of(
                        environment.variable("HOME").orElse(System.getProperty("user.home")),
                        ".config"));
    return config.resolve("systemd").resolve("user");
  }

  @Override
  public String name() {
    return "systemd";
  }

  public Scope scope() {
    return scope;
  }

  public Path unitDirectory() {
    return unitDirectory;
  }

  /** Where the unit file of service {@code name} lives. */
  public Path unitPath(String name) {
    return unitDirectory.resolve(UnitRenderer.unitName(ServiceNames.requireValid(name)));
  }

  @Override
  public List<Artefact> plan(ServiceDefinition definition) {
    List<Artefact> artefacts = new java.util.ArrayList<>();
    artefacts.add(Artefact.file(unitPath(definition.name()), unitText(definition)));
    SocketUnitRenderer.render(definition)
        .ifPresent(
            socket -> artefacts.add(Artefact.file(socketPath(definition.name()), socket.render())));
    return List.copyOf(artefacts);
  }

  /** Where the socket unit of service {@code name} lives (written only with a listening socket). */
  public Path socketPath(String name) {
    return unitDirectory.resolve(SocketUnitRenderer.unitName(ServiceNames.requireValid(name)));
  }

  /** The exact text {@link #install} writes. */
  public String unitText(ServiceDefinition definition) {
    if (definition.scope() != scope) {
      throw new ManagerException(
          "service '"
              + definition.name()
              + "' is defined for the "
              + scopeWord(definition.scope())
              + " manager but this is the "
              + scopeWord(scope)
              + " manager");
    }
    String text =
        UnitRenderer.render(
                definition,
                UnitRenderer.dependsOnVersion(definition)
                    ? systemdVersion()
                    : SystemdVersion.UNKNOWN)
            .render();
    Executables.requireExecutable(definition.command().get(0));
    return text;
  }

  @Override
  public void install(ServiceDefinition definition, boolean force) {
    String name = definition.name();
    String text = unitText(definition);
    requireRoot("install", name);
    Path path = unitPath(name);
    String unit = UnitRenderer.unitName(name);
    Optional<String> previous = UnitFiles.read(path);
    Optional<String> socketText = SocketUnitRenderer.render(definition).map(UnitFile::render);
    Path socketPath = socketPath(name);
    Optional<String> previousSocket = UnitFiles.read(socketPath);
    if (previous.isPresent() && previous.get().equals(text) && previousSocket.equals(socketText)) {
      // Same units again: nothing to write, but make sure they are loaded and enabled.
      systemctl.daemonReload();
      socketText.ifPresent(s -> systemctl.enable(SocketUnitRenderer.unitName(name)));
      systemctl.enable(unit);
      return;
    }
    if (previous.isPresent() && !force) {
      throw new ManagerException(new Refusal.UnitDiffers(name, path));
    }
    // Also proves systemd answers before anything is written.
    Map<String, String> load = systemctl.show(unit, LOAD_PROPERTIES);
    if (previous.isEmpty() && !force && !"not-found".equals(load.get("LoadState"))) {
      throw new ManagerException(
          new Refusal.ForeignUnit(unit, load.getOrDefault("FragmentPath", "?"), path));
    }
    UnitFiles.writeAtomically(path, text);
    try {
      writeSocketUnit(name, socketText, previousSocket);
      systemctl.daemonReload();
      requireLoaded(unit, path);
      if (socketText.isPresent()) {
        requireLoaded(SocketUnitRenderer.unitName(name), socketPath);
        systemctl.enable(SocketUnitRenderer.unitName(name));
      }
      systemctl.enable(unit);
    } catch (RuntimeException e) {
      restoreSocketUnit(name, previousSocket);
      String undo = rollBack(path, unit, previous);
      throw new ManagerException(
          "installing service '"
              + name
              + "' failed, "
              + undo
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage()),
          e);
    }
  }

  /**
   * Writes (or, when the service no longer has a socket, removes) the socket unit svc4j generated;
   * a socket unit svc4j did not write is never replaced.
   */
  private void writeSocketUnit(String name, Optional<String> text, Optional<String> previous) {
    Path socketPath = socketPath(name);
    if (previous.isPresent() && !UnitRenderer.isGenerated(previous.get())) {
      if (text.isEmpty()) {
        return; // not ours, and not needed
      }
      throw new ManagerException(new Refusal.ForeignSocketUnit(socketPath));
    }
    try {
      if (text.isPresent()) {
        UnitFiles.writeAtomically(socketPath, text.get());
      } else if (previous.isPresent()) {
        systemctl.run(
            List.of("disable", "--now", SocketUnitRenderer.unitName(name)), Systemctl.QUICK);
        Files.deleteIfExists(socketPath);
      }
    } catch (IOException e) {
      throw new ManagerException("cannot write " + socketPath + ": " + e.getMessage(), e);
    }
  }

  /** Undo of {@link #writeSocketUnit} after a failed install; best effort. */
  private void restoreSocketUnit(String name, Optional<String> previous) {
    Path socketPath = socketPath(name);
    try {
      if (previous.isPresent()) {
        if (UnitRenderer.isGenerated(previous.get())) {
          UnitFiles.writeAtomically(socketPath, previous.get());
        }
      } else {
        systemctl.run(List.of("disable", SocketUnitRenderer.unitName(name)), Systemctl.QUICK);
        Files.deleteIfExists(socketPath);
      }
    } catch (IOException | RuntimeException e) {
      // rollBack's message names the service unit; the socket file is next to it.
    }
  }

  private void requireLoaded(String unitName, Path path) {
    Map<String, String> loaded = systemctl.show(unitName, List.of("LoadState", "LoadError"));
    if (!"loaded".equals(loaded.get("LoadState"))) {
      throw new ManagerException(
          "systemd rejected the unit "
              + path
              + " ("
              + loaded.getOrDefault("LoadState", "?")
              + ": "
              + loaded.getOrDefault("LoadError", "")
              + ")");
    }
  }

  /** Puts back what was there before a failed install; says what it did, or what is left over. */
  private String rollBack(Path path, String unit, Optional<String> previous) {
    String undone;
    try {
      if (previous.isPresent()) {
        UnitFiles.writeAtomically(path, previous.get());
        undone = "the previous unit file was restored";
      } else {
        systemctl.run(List.of("disable", unit), Systemctl.QUICK);
        Files.deleteIfExists(path);
        undone = "nothing was installed";
      }
    } catch (IOException | RuntimeException e) {
      return "and undoing it failed too (" + e.getMessage() + "; check " + path + ")";
    }
    CommandRunner.Result reload = systemctl.run(List.of("daemon-reload"), Systemctl.QUICK);
    return reload.succeeded()
        ? undone
        : undone + " (but daemon-reload failed: " + reload.firstErrorLine() + ")";
  }

  @Override
  public void uninstall(String name, Duration timeout) {
    Path path = unitPath(name);
    String unit = UnitRenderer.unitName(name);
    Optional<String> text = UnitFiles.read(path);
    if (text.isEmpty()) {
      Map<String, String> load = systemctl.show(unit, LOAD_PROPERTIES);
      if ("not-found".equals(load.get("LoadState"))) {
        throw notInstalled(name);
      }
      throw new ManagerException(
          "service '"
              + name
              + "' was not installed by svc4j (its unit is "
              + load.getOrDefault("FragmentPath", "elsewhere")
              + ", not in "
              + unitDirectory
              + "): remove it with systemctl");
    }
    if (!UnitRenderer.isGenerated(text.get())) {
      throw new ManagerException(
          "unit file "
              + path
              + " was not written by svc4j (no "
              + UnitRenderer.MARKER_KEY
              + " line): refusing to remove it; use systemctl disable --now "
              + unit
              + " and delete it yourself");
    }
    requireRoot("uninstall", name);
    // Throws if it does not stop in time: then nothing has been removed yet.
    stop(name, timeout);
    systemctl.disable(unit);
    Path socketPath = socketPath(name);
    Optional<String> socketText = UnitFiles.read(socketPath);
    if (socketText.isPresent() && UnitRenderer.isGenerated(socketText.get())) {
      // The socket outlives the service's stops; uninstall closes it for good.
      String socketUnit = SocketUnitRenderer.unitName(name);
      CommandRunner.Result closed =
          systemctl.run(List.of("disable", "--now", socketUnit), Systemctl.QUICK);
      if (!closed.succeeded()) {
        throw new ManagerException(
            "cannot stop " + socketUnit + ": " + closed.firstErrorLine() + " (try again)");
      }
      try {
        Files.deleteIfExists(socketPath);
      } catch (IOException e) {
        throw new ManagerException(
            "cannot delete " + socketPath + " (" + e.getMessage() + "): delete it yourself", e);
      }
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new ManagerException(
          "cannot delete " + path + " (" + e.getMessage() + "): delete it and run daemon-reload",
          e);
    }
    systemctl.daemonReload();
    systemctl.resetFailedQuietly(unit);
  }

  @Override
  public ServiceStatus start(String name, Duration timeout) {
    return runJob("start", name, timeout);
  }

  @Override
  public ServiceStatus restart(String name, Duration timeout) {
    return runJob("restart", name, timeout);
  }

  @Override
  public ServiceStatus stop(String name, Duration timeout) {
    String unit = requireInstalled(name);
    CommandRunner.Result result = systemctl.job("stop", unit, timeout);
    ServiceStatus status = status(name);
    if (result.timedOut()) {
      throw stopTimeout(name, timeout, status);
    }
    if (!result.succeeded()) {
      throw systemctl.failure(result, "stop", unit);
    }
    return status;
  }

  private ServiceStatus runJob(String verb, String name, Duration timeout) {
    String unit = requireInstalled(name);
    CommandRunner.Result result = systemctl.job(verb, unit, timeout);
    if (timeout.isZero()) {
      return status(name);
    }
    Map<String, String> properties = systemctl.show(unit, SystemctlShow.STATUS_PROPERTIES);
    ServiceStatus status = SystemctlShow.toStatus(name, properties);
    if (result.timedOut()) {
      throw new ManagerException(
          "service '"
              + name
              + "' did not become ready within "
              + human(timeout)
              + " (now "
              + status.nativeState()
              + "); systemd keeps trying in the background: see journalctl -u "
              + unit,
          3,
          null);
    }
    boolean failed =
        status.state() == State.FAILED
            || status.state() == State.STOPPED
            || SystemctlShow.isAutoRestarting(properties);
    if (failed || !result.succeeded()) {
      if (status.result().isEmpty() && !result.succeeded()) {
        throw systemctl.failure(result, verb, unit);
      }
      throw new ManagerException(
          "service '"
              + name
              + "' failed to "
              + verb
              + ": "
              + describeFailure(status)
              + (SystemctlShow.isAutoRestarting(properties) ? ", systemd will retry" : "")
              + "; see journalctl -u "
              + unit,
          3,
          null);
    }
    return status;
  }

  /**
   * Reloads through systemd ({@code systemctl reload}). With {@code ExecReload=} (systemd before
   * 253) the job ends once the signal is sent; a service that announces its reload (RELOADING=1)
   * shows "reloading" until it is done, so this then waits, up to {@code timeout}, for it to be
   * active again.
   */
  @Override
  public ServiceStatus reload(String name, Duration timeout) {
    String unit = requireInstalled(name);
    Map<String, String> before = systemctl.show(unit, List.of("CanReload", "ActiveState"));
    if (!"yes".equals(before.get("CanReload"))) {
      throw new ManagerException(new Refusal.ReloadUnsupported(name));
    }
    String active = before.getOrDefault("ActiveState", "?");
    if (!active.equals("active") && !active.equals("reloading")) {
      throw new ManagerException(
          "cannot reload service '" + name + "': it is " + active + ", not running; start it");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CommandRunner.Result result = systemctl.job("reload", unit, timeout);
    if (timeout.isZero()) {
      return status(name);
    }
    if (result.timedOut()) {
      throw reloadTimeout(name, timeout);
    }
    if (!result.succeeded()) {
      throw systemctl.failure(result, "reload", unit);
    }
    ServiceStatus status = status(name);
    while (status.state() == State.RELOADING) {
      if (System.nanoTime() >= deadline) {
        throw reloadTimeout(name, timeout);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ManagerException("interrupted while waiting for '" + name + "' to reload", e);
      }
      status = status(name);
    }
    if (status.state() != State.RUNNING) {
      throw new ManagerException(
          "service '"
              + name
              + "' is "
              + status.nativeState()
              + " after the reload: see journalctl -u "
              + unit,
          3,
          null);
    }
    return status;
  }

  private static ManagerException reloadTimeout(String name, Duration timeout) {
    return new ManagerException(new Refusal.ReloadTimedOut(name, timeout), 3, null);
  }

  /** The version of the systemd this manager talks to; unknown if it does not answer. */
  private SystemdVersion systemdVersion() {
    SystemdVersion known = version;
    if (known == null) {
      known = SystemdVersion.parse(systemctl.managerVersion());
      version = known;
    }
    return known;
  }

  @Override
  public ServiceStatus status(String name) {
    ServiceNames.requireValid(name);
    return SystemctlShow.toStatus(
        name, systemctl.show(UnitRenderer.unitName(name), SystemctlShow.STATUS_PROPERTIES));
  }

  @Override
  public List<ServiceStatus> list() {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(unitDirectory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(unitDirectory, "*.service")) {
        for (Path file : files) {
          String fileName = file.getFileName().toString();
          String name = fileName.substring(0, fileName.length() - ".service".length());
          if (Files.isRegularFile(file)
              && isValidName(name)
              && UnitFiles.read(file).map(UnitRenderer::isGenerated).orElse(false)) {
            names.add(name);
          }
        }
      } catch (IOException e) {
        throw new ManagerException(
            "cannot list " + unitDirectory + ": " + e.getMessage() + ": check its permissions", e);
      }
    }
    names.sort(null);
    return names.stream().map(this::status).toList();
  }

  private String requireInstalled(String name) {
    ServiceNames.requireValid(name);
    String unit = UnitRenderer.unitName(name);
    Map<String, String> load = systemctl.show(unit, LOAD_PROPERTIES);
    if ("not-found".equals(load.get("LoadState"))) {
      throw notInstalled(name);
    }
    return unit;
  }

  private ManagerException notInstalled(String name) {
    return new ManagerException(new Refusal.NotInstalled(name, scope), 4, null);
  }

  private static ManagerException stopTimeout(String name, Duration timeout, ServiceStatus now) {
    return new ManagerException(new Refusal.StopTimedOut(name, timeout, now.nativeState()));
  }

  private void requireRoot(String action, String name) {
    if (scope == Scope.SYSTEM && !isRoot.getAsBoolean()) {
      throw new ManagerException(new Refusal.NeedsRoot(action, name));
    }
  }

  private static String describeFailure(ServiceStatus status) {
    StringBuilder out =
        new StringBuilder(
            status.result().isEmpty()
                ? "it is " + status.nativeState()
                : "result " + status.result());
    status.exitCode().ifPresent(code -> out.append(", exit code ").append(code));
    return out.toString();
  }

  private static boolean isValidName(String name) {
    try {
      ServiceNames.requireValid(name);
      return true;
    } catch (ManagerException e) {
      return false;
    }
  }

  private static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  private static String scopeWord(Scope scope) {
    return scope == Scope.SYSTEM ? "system" : "per-user";
  }
}
