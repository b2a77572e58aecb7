package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Wincon;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.config.WindowsStopEvent;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.HookOutcome;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows: the supervisor joins a kill-on-close job object ({@link KillOnCloseJob}), so no process
 * of a tree outlives it however it ends; a graceful stop is CTRL_C (or CTRL_BREAK) to the child's
 * console ({@link ConsoleEvents}) plus WM_CLOSE to the tree's windows ({@link WindowCloser}), then
 * TerminateProcess for every member still alive after the timeout; the notify channel is a named
 * pipe ({@link NotifyPipe}). Members are found by parent process id ({@link WindowsTree}).
 */
public final class WindowsChildPlatform implements ChildPlatform {

  private static final Logger log = LoggerFactory.getLogger(WindowsChildPlatform.class);
  private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
  private static final int PROCESS_VM_READ = 0x0010;

  private final WindowsTree tree = new WindowsTree();
  private final String tagName =
      "SVC4J_TREE_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  private WindowsChildPlatform() {}

  /** run-as is refused: on Windows the child runs as the service's account. */
  public static WindowsChildPlatform create(SupervisorConfig config) {
    if (config.runAs() != null) {
      throw new ConfigException(
          "run-as",
          "is not supported on Windows: the child runs as the service's account; set that with"
              + " svc4j install --account");
    }
    if (config.logs() != null && Files.isDirectory(config.logs().directory())) {
      try { // refused before anything is installed or started, not only when the logs are opened
        WindowsDirectories.check(config.logs().directory(), "log");
      } catch (UnsafeDirectoryException e) {
        throw new ConfigException("logs.directory", e.getMessage());
      } catch (IOException e) {
        log.debug("Cannot read the permissions of {}: {}", config.logs().directory(), e.toString());
      }
    }
    return new WindowsChildPlatform();
  }

  /** A child without the inherited environment still needs what Windows programs assume. */
  @Override
  public void completeEnvironment(Map<String, String> env) {
    for (String name : List.of("SystemRoot", "windir", "SystemDrive", "PATH", "PATHEXT")) {
      String value = System.getenv(name);
      if (value != null && env.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
        env.put(name, value);
      }
    }
  }

  @Override
  public void checkCommand(List<String> command, Path workingDirectory, Map<String, String> env) {
    if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
      throw new ConfigException(
          "working-directory", "'" + workingDirectory + "' does not exist or is not a directory");
    }
    String program = command.get(0);
    if (program.contains("\\") || program.contains("/")) {
      Path p = Path.of(program);
      if (!p.isAbsolute() && workingDirectory != null) {
        p = workingDirectory.resolve(p);
      }
      if (!Files.isRegularFile(p)
          && withExtensions(p.getParent(), p.getFileName().toString(), env) == null) {
        throw new ConfigException("command", "'" + program + "' does not exist");
      }
      return;
    }
    String path = lookup(env, "PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      if (!dir.isBlank() && withExtensions(Path.of(dir.strip()), program, env) != null) {
        return;
      }
    }
    throw new ConfigException(
        "command",
        "'"
            + program
            + "' was not found on PATH ("
            + path
            + "); give its full path or fix PATH in environment");
  }

  /** {@code dir\name} as given, or with one of PATHEXT's extensions, as CreateProcess finds it. */
  private static Path withExtensions(Path dir, String name, Map<String, String> env) {
    Path base = dir == null ? Path.of(name) : dir.resolve(name);
    if (name.contains(".") && Files.isRegularFile(base)) {
      return base;
    }
    String pathext = lookup(env, "PATHEXT");
    for (String ext : (pathext == null ? ".COM;.EXE;.BAT;.CMD" : pathext).split(";")) {
      Path candidate = base.resolveSibling(name + ext.toLowerCase(Locale.ROOT));
      if (!ext.isBlank() && Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String lookup(Map<String, String> env, String name) {
    return env.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Override
  public Path createRuntimeDirectory() throws IOException {
    return Files.createTempDirectory("svc4j-");
  }

  @Override
  public void prepare(Path runtimeDirectory) {
    KillOnCloseJob.join();
  }

  @Override
  public NotifyChannel openNotify(
      Path runtimeDirectory, int generation, Consumer<NotifyMessage> sink) throws IOException {
    String name =
        "\\\\.\\pipe\\svc4j-notify-"
            + ProcessHandle.current().pid()
            + "-"
            + generation
            + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    return NotifyPipe.open(name, sink);
  }

  @Override
  public File nullDevice() {
    return new File("NUL");
  }

  @Override
  public Process launch(List<String> command, Map<String, String> env, ProcessBuilder builder)
      throws IOException {
    builder.command(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put(tagName, "1");
    return builder.start();
  }

  @Override
  public boolean treeAlive(Process child) {
    return !tree.members(child).isEmpty();
  }

  @Override
  public StopOutcome stopTree(Process child, StopRequest stop) throws InterruptedException {
    long deadline = System.nanoTime() + stop.timeout().toNanos();
    List<ProcessHandle> members = tree.members(child);
    if (members.isEmpty()) {
      return new StopOutcome(false, 0);
    }
    Set<Long> pids = members.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    // The child if alive, else a descendant: they share the child's console unless they made
    // their own, so the event reaches the whole console group.
    long target = members.get(0).pid();
    switch (stop.windowsEvent()) {
      case CTRL_C -> ConsoleEvents.send(target, Wincon.CTRL_C_EVENT);
      case CTRL_BREAK -> ConsoleEvents.send(target, Wincon.CTRL_BREAK_EVENT);
      case CLOSE -> {}
    }
    WindowCloser.close(pids);
    while (System.nanoTime() < deadline) {
      if (tree.members(child).isEmpty()) {
        return new StopOutcome(false, 0);
      }
      Thread.sleep(50);
    }
    List<ProcessHandle> left = tree.members(child);
    log.warn(
        "{}: {} process(es) of the tree still alive {} ms after {}; terminating them",
        stop.name(),
        left.size(),
        stop.timeout().toMillis(),
        describe(stop.windowsEvent()));
    long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!left.isEmpty() && System.nanoTime() < killDeadline) {
      left.forEach(ProcessHandle::destroyForcibly); // TerminateProcess
      Thread.sleep(50);
      left = tree.members(child);
    }
    child.waitFor(5, TimeUnit.SECONDS);
    if (!left.isEmpty()) {
      log.error("{}: {} process(es) survived TerminateProcess", stop.name(), left.size());
    }
    return new StopOutcome(true, left.size());
  }

  private static String describe(WindowsStopEvent event) {
    return switch (event) {
      case CTRL_C -> "CTRL_C";
      case CTRL_BREAK -> "CTRL_BREAK";
      case CLOSE -> "WM_CLOSE";
    };
  }

  @Override
  public void forget(Process child) {
    tree.clear();
  }

  @Override
  public TreeUsage upkeep(Process child, boolean measure) {
    if (child == null) {
      return TreeUsage.NONE;
    }
    if (!measure) {
      // Remembers descendants, so that orphans stay known; the count sets the upkeep's pace.
      return new TreeUsage(tree.members(child).size(), 0, 0);
    }
    return usage(child);
  }

  @Override
  public TreeUsage usage(Process child) {
    if (child == null) {
      return TreeUsage.NONE;
    }
    int processes = 0;
    long rss = 0;
    double cpu = 0;
    for (ProcessHandle p : tree.members(child)) {
      processes++;
      rss += workingSet(p.pid());
      cpu += p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }
    return new TreeUsage(processes, rss, cpu);
  }

  private static long workingSet(long pid) {
    WinNT.HANDLE h =
        Kernel32.INSTANCE.OpenProcess(
            PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, false, (int) pid);
    if (h == null) {
      return 0;
    }
    try {
      var counters = new WinNative.MemoryCounters();
      counters.cb = counters.size();
      return WinNative.INSTANCE.K32GetProcessMemoryInfo(h, counters, counters.size())
          ? counters.workingSetSize.longValue()
          : 0;
    } finally {
      Kernel32.INSTANCE.CloseHandle(h);
    }
  }

  /** CTRL_BREAK makes a JVM print its thread stacks to its stdout: into the captured log. */
  @Override
  public boolean threadDump(Process child) throws InterruptedException {
    String exe = child.info().command().orElse("").toLowerCase(Locale.ROOT);
    if (exe.endsWith("\\java.exe") || exe.endsWith("\\javaw.exe")) {
      if (ConsoleEvents.send(child.pid(), Wincon.CTRL_BREAK_EVENT)) {
        Thread.sleep(1000); // the JVM prints it from its signal thread
        return true;
      }
    }
    return false;
  }

  @Override
  public String runHook(
      List<String> command, Map<String, String> env, Path workingDirectory, Duration timeout)
      throws InterruptedException {
    var builder = new ProcessBuilder(command).inheritIO();
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(new HashMap<>(env));
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      return "cannot run " + command.get(0) + ": " + e.getMessage();
    }
    try {
      return HookOutcome.await(p, command, timeout);
    } finally {
      // Whatever the hook left running goes with it.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Override
  public List<String> commandPrefix() {
    return List.of();
  }

  /**
   * Only the port holder can be found: Windows gives no other process's environment to match, and
   * the kill-on-close job ends a previous instance's tree with its supervisor anyway. Holders are
   * reported, never killed (they may be anything).
   */
  @Override
  public Leftovers findLeftovers(String serviceName, int port) {
    if (port <= 0) {
      return null;
    }
    Set<Long> holders = WindowsPorts.listeningOn(port);
    if (holders.isEmpty()) {
      return null;
    }
    String text =
        "port "
            + port
            + " is already in use by "
            + holders.stream()
                .map(
                    pid ->
                        pid
                            + " ("
                            + ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?")
                            + ")")
                .toList();
    return new Leftovers() {
      @Override
      public String describe() {
        return text;
      }

      @Override
      public void kill(Duration patience) {
        log.warn(
            "{}: {}; not stopped, it is not known to be a process of this service",
            serviceName,
            text);
      }
    };
  }

  @Override
  public void secureDirectory(Path dir, String role) throws IOException {
    try {
      WindowsDirectories.secure(dir, role);
    } catch (UnsafeDirectoryException e) {
      throw new io.svc4j.supervisor.logs.UnsafeDirectoryException(e.getMessage());
    }
  }

  @Override
  public boolean hasSignals() {
    return false;
  }

  @Override
  public boolean controlChannelOptional() {
    return true;
  }

  @Override
  public String treeTag() {
    return tagName + "=1";
  }

  /** The job stays: closing its handle would end this process too. */
  @Override
  public void close() {}
}
