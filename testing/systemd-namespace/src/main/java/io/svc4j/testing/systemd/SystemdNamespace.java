package io.svc4j.testing.systemd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real systemd (the host's /lib/systemd/systemd) booted as PID 1 of private pid, mount, network
 * and UTS namespaces, driven from the outside with {@code nsenter}.
 *
 * <p>The namespace shares the host's file system, so {@code boot-systemd.sh} first covers every
 * place systemd writes at boot with a private tmpfs and masks the boot units that would change the
 * host (see docs/e2e.md). Units installed inside land in a tmpfs /etc/systemd/system and vanish
 * with the namespace. Files the namespace needs from the tests live under the testing module's
 * target/ directory, because /tmp inside is private.
 *
 * <p>Used in test scope by every module that tests against a real systemd (the systemd backend's
 * manager tests, the end-to-end suite), so there is one boot script and one reaper.
 *
 * <p>{@link #close()} always powers systemd off and checks that no process of the namespace is
 * left; a JVM shutdown hook does the same if a test run is interrupted, and {@link #boot()} powers
 * off what an earlier, killed run left behind.
 */
public final class SystemdNamespace implements AutoCloseable {

  private static final String SYSTEMD = "/lib/systemd/systemd";

  /** Set by the boot script in PID 1's environment; marks namespaces this harness booted. */
  private static final String MARKER = "container=svc4j-e2e";

  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POWEROFF_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> NAMESPACES = List.of("-m", "-p", "-n", "-u");

  private final Path dir;
  private final Process unshare;
  private final long pid;
  private final String pidNamespace;
  private final Path hostTmpSentinel;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private SystemdNamespace(
      Path dir, Process unshare, long pid, String pidNamespace, Path hostTmpSentinel) {
    this.dir = dir;
    this.unshare = unshare;
    this.pid = pid;
    this.pidNamespace = pidNamespace;
    this.hostTmpSentinel = hostTmpSentinel;
    this.shutdownHook = new Thread(this::closeQuietly, "svc4j-e2e-poweroff-" + pid);
  }

  /** Boots a fresh systemd and returns once it reports {@code running} (or {@code degraded}). */
  public static SystemdNamespace boot() throws IOException, InterruptedException {
    requirePrerequisites();
    Path root = RunDirectories.root();
    StrayNamespaces.powerOffLeftovers(root);

    String id =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    Path dir = Files.createDirectories(root.resolve(id));
    Path script = dir.resolve("boot-systemd.sh");
    try (InputStream in = SystemdNamespace.class.getResourceAsStream("boot-systemd.sh")) {
      if (in == null) {
        throw new IllegalStateException("boot-systemd.sh missing from the harness's resources");
      }
      Files.copy(in, script);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    // Detects the one failure that must never happen: booting systemd emptying the host's /tmp.
    Path sentinel = Files.createTempFile(StrayNamespaces.SENTINEL_PREFIX, ".sentinel");

    Path log = dir.resolve("systemd.log");
    ProcessBuilder boot =
        new ProcessBuilder(
                "setsid",
                "unshare",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount",
                "--mount-proc",
                "--net",
                "--uts",
                script.toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(log.toFile())
            .redirectErrorStream(true);
    boot.environment().put("SVC4J_E2E_KEEP", RunDirectories.checkoutRoot().toString());
    Process unshare = boot.start();

    long pid;
    try {
      pid = awaitSystemdPid(unshare, log);
    } catch (RuntimeException | InterruptedException e) {
      unshare.destroyForcibly();
      Files.deleteIfExists(sentinel);
      throw e;
    }
    String pidNamespace = Files.readSymbolicLink(Path.of("/proc", pid + "/ns/pid")).toString();
    StrayNamespaces.record(dir, pid, pidNamespace, sentinel);

    SystemdNamespace ns = new SystemdNamespace(dir, unshare, pid, pidNamespace, sentinel);
    Runtime.getRuntime().addShutdownHook(ns.shutdownHook);
    try {
      ns.awaitRunning();
      if (!Files.exists(sentinel)) {
        throw new IllegalStateException(
            "booting systemd removed "
                + sentinel
                + " from the host's /tmp: the boot script no longer protects the host");
      }
      // systemd's own messages (watchdog timeouts, restarts) go to the namespace's journal from now
      // on; before journald ran they went nowhere, so nothing reached the host's kernel log.
      ns.exec("systemd-analyze", "set-log-target", "journal").requireSuccess();
    } catch (RuntimeException | Error e) {
      ns.closeQuietly();
      throw e;
    }
    return ns;
  }

  /** Host PID of the namespace's PID 1 (systemd). */
  public long pid() {
    return pid;
  }

  /** Directory under target/ with the boot script and systemd's console log. */
  public Path dir() {
    return dir;
  }

  /** Runs {@code cmd} in all the namespaces (as nsenter -m -p -n -u) and waits up to 2 minutes. */
  public ExecResult exec(String... cmd) {
    return exec(DEFAULT_EXEC_TIMEOUT, cmd);
  }

  /** Runs {@code cmd} in all the namespaces and waits up to {@code timeout}. */
  public ExecResult exec(Duration timeout, String... cmd) {
    return run(nsenter(NAMESPACES, List.of(cmd)), null, timeout);
  }

  /** Runs {@code cmd} in the namespaces with {@code stdin} as its standard input. */
  public ExecResult execWithInput(byte[] stdin, String... cmd) {
    return run(nsenter(NAMESPACES, List.of(cmd)), stdin, DEFAULT_EXEC_TIMEOUT);
  }

  /**
   * Starts {@code cmd} in all the namespaces without waiting; the caller reads its output and
   * waits. Its standard error goes to a file in {@link #dir()}.
   */
  public Process spawn(String... cmd) {
    try {
      Path err = Files.createTempFile(dir, "spawn-", ".stderr");
      return processBuilder(nsenter(NAMESPACES, List.of(cmd)))
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The argv that runs {@code cmd} in all the namespaces ({@code nsenter -t PID -m -p -n -u --
   * cmd...}), for code under test that starts commands itself (e.g. a manager driving systemctl).
   */
  public List<String> nsenter(String... cmd) {
    return nsenter(NAMESPACES, List.of(cmd));
  }

  /** {@code inside}, an absolute path as seen in the namespace, as the host reaches it. */
  public Path path(String inside) {
    if (!inside.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + inside);
    }
    return Path.of("/proc", Long.toString(pid), "root", inside.substring(1));
  }

  /** Writes {@code content} (UTF-8) to {@code path} as seen inside the namespace. */
  public void writeFile(String path, String content) {
    execWithInput(content.getBytes(StandardCharsets.UTF_8), "sh", "-c", "cat > \"$1\"", "sh", path)
        .requireSuccess();
  }

  /** One property of a unit, as {@code systemctl show -p NAME --value}. */
  public String show(String unit, String property) {
    return exec("systemctl", "show", "-p", property, "--value", unit).requireSuccess().out();
  }

  /** Status and the journal of {@code unit}, for failure messages. */
  public String diagnostics(String unit) {
    return exec("systemctl", "status", "--no-pager", "--full", unit).stdout()
        + "\n"
        + exec("journalctl", "--no-pager", "-o", "short-monotonic", "-u", unit, "-n", "200")
            .stdout();
  }

  /** Powers systemd off and verifies that no process of the namespace is left. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // Running from the hook itself.
    }
    try {
      powerOff(pid, pidNamespace);
      if (!unshare.waitFor(POWEROFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        unshare.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    } finally {
      try {
        Files.deleteIfExists(hostTmpSentinel);
      } catch (IOException ignored) {
        // Only a marker file.
      }
    }
    List<Long> left = StrayNamespaces.processesIn(pidNamespace);
    if (!left.isEmpty()) {
      left.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
      throw new IllegalStateException(
          "processes " + left + " of the systemd namespace survived poweroff (killed now)");
    }
    if (!dir.startsWith(RunDirectories.targetDir())) {
      deleteRecursively(dir); // outside the build directory nothing else would clean it up
    }
  }

  /**
   * Asks systemd in the namespace of {@code pid} to power off, waits for PID 1 to exit and kills it
   * if it does not. Used for this namespace and for leftovers of earlier runs.
   */
  static void powerOff(long pid, String pidNamespace) throws InterruptedException {
    Optional<ProcessHandle> init = ProcessHandle.of(pid);
    if (init.isEmpty() || !StrayNamespaces.isOurSystemd(pid, pidNamespace)) {
      return;
    }
    run(
        nsenter(pid, NAMESPACES, List.of("systemctl", "poweroff", "--no-block")),
        null,
        Duration.ofSeconds(30));
    try {
      init.get().onExit().get(POWEROFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Killing PID 1 of a pid namespace kills every process in it.
      init.get().destroyForcibly();
      init.get().onExit().join();
    }
  }

  static void deleteRecursively(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("svc4j-e2e: could not delete " + root + ": " + e.getMessage());
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("svc4j-e2e: " + e.getMessage());
    }
  }

  private void awaitRunning() throws InterruptedException {
    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      state = exec(Duration.ofSeconds(20), "systemctl", "is-system-running").out();
      if (state.equals("running")) {
        return;
      }
      if (state.equals("degraded")) {
        System.err.println(
            "svc4j-e2e: systemd in "
                + dir
                + " is degraded; failed units:\n"
                + exec("systemctl", "--failed", "--no-pager", "--full").stdout());
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "systemd did not reach 'running' within "
            + BOOT_TIMEOUT.toSeconds()
            + "s (last state '"
            + state
            + "'); console log: "
            + dir.resolve("systemd.log"));
  }

  private static long awaitSystemdPid(Process unshare, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!unshare.isAlive()) {
        throw new IllegalStateException(
            "the systemd namespace exited with "
                + unshare.exitValue()
                + " before booting: "
                + Files.readString(log).strip());
      }
      Optional<ProcessHandle> child = unshare.toHandle().children().findFirst();
      if (child.isPresent() && StrayNamespaces.isSystemd(child.get().pid())) {
        return child.get().pid();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "systemd was not exec'd within " + BOOT_TIMEOUT.toSeconds() + "s");
  }

  private List<String> nsenter(List<String> namespaces, List<String> cmd) {
    return nsenter(pid, namespaces, cmd);
  }

  private static List<String> nsenter(long pid, List<String> namespaces, List<String> cmd) {
    List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid)));
    argv.addAll(namespaces);
    argv.add("--");
    argv.addAll(cmd);
    return argv;
  }

  private static ProcessBuilder processBuilder(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    // The commands must not believe they run under some outer service manager.
    for (String inherited :
        List.of(
            "NOTIFY_SOCKET",
            "INVOCATION_ID",
            "JOURNAL_STREAM",
            "WATCHDOG_USEC",
            "WATCHDOG_PID",
            "LISTEN_FDS",
            "LISTEN_PID",
            "MAINPID")) {
      env.remove(inherited);
    }
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("SYSTEMD_COLORS", "0");
    env.put("SYSTEMD_PAGER", "");
    return pb;
  }

  static ExecResult run(List<String> argv, byte[] stdin, Duration timeout) {
    Process process;
    try {
      process = processBuilder(argv).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    } catch (IOException e) {
      // The command exited without reading its input; its exit code tells the rest.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError(
            "timed out after "
                + timeout.toSeconds()
                + "s: "
                + new ExecResult(argv, -1, text(out.join()), text(err.join())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(new InterruptedIOException("interrupted running " + argv));
    }
    return new ExecResult(argv, process.exitValue(), text(out.join()), text(err.join()));
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          try (stream) {
            stream.transferTo(buffer);
          } catch (IOException e) {
            // Destroyed process: keep what was read.
          }
          return buffer.toByteArray();
        },
        runnable -> Thread.ofVirtual().start(runnable));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void requirePrerequisites() throws IOException {
    String uid =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("Uid:"))
            .findFirst()
            .map(l -> l.split("\\s+")[1])
            .orElse("?");
    if (!uid.equals("0")) {
      throw new IllegalStateException(
          "tests that boot systemd must run as root (uid "
              + uid
              + "): they boot it in"
              + " private namespaces with unshare and nsenter (CI runs as root)");
    }
    if (!Files.isExecutable(Path.of(SYSTEMD))) {
      throw new IllegalStateException(
          SYSTEMD + " is missing: install the Debian package 'systemd' (see docs/e2e.md)");
    }
  }

  @Override
  public String toString() {
    return "systemd namespace (PID " + pid + ", " + dir + ")";
  }

  /** Documents why {@link #MARKER} is in the boot script; compared in {@link StrayNamespaces}. */
  static String marker() {
    return MARKER;
  }
}
