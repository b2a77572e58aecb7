package io.svc4j.systemd.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real systemd booted as PID 1 of private namespaces, for testing the manager against the real
 * thing. The boot script that protects the host (private tmpfs over /tmp, /run, /etc/systemd/system
 * ..., masked boot units) is the e2e harness's, used in place so there is one copy of it; the e2e
 * module's SystemdNamespace is the full-featured harness, this is only boot, nsenter and poweroff.
 */
final class RealSystemd implements AutoCloseable {

  private static final Path BOOT_SCRIPT =
      Path.of("../../e2e/src/test/resources/io/svc4j/e2e/systemd/boot-systemd.sh");
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

  private final Process unshare;
  private final long pid;
  private final Thread shutdownHook;

  private RealSystemd(Process unshare, long pid) {
    this.unshare = unshare;
    this.pid = pid;
    this.shutdownHook = new Thread(this::powerOff, "svc4j-systemd-test-poweroff");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static RealSystemd boot(Path logDirectory) throws IOException, InterruptedException {
    if (!Privileges.isRoot()) {
      throw new IllegalStateException(
          "this test boots systemd in private namespaces and must run as root (CI does)");
    }
    if (!Files.isRegularFile(BOOT_SCRIPT)) {
      throw new IllegalStateException("boot script not found: " + BOOT_SCRIPT.toAbsolutePath());
    }
    Files.createDirectories(logDirectory);
    Process unshare =
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
                "sh",
                BOOT_SCRIPT.toAbsolutePath().normalize().toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(logDirectory.resolve("systemd.log").toFile())
            .redirectErrorStream(true)
            .start();
    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
    RealSystemd systemd = null;
    try {
      while (systemd == null) {
        if (!unshare.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "systemd did not start: " + Files.readString(logDirectory.resolve("systemd.log")));
        }
        Optional<ProcessHandle> child = unshare.toHandle().children().findFirst();
        if (child.isPresent() && child.get().info().command().orElse("").endsWith("/systemd")) {
          systemd = new RealSystemd(unshare, child.get().pid());
        } else {
          Thread.sleep(50);
        }
      }
      while (!isRunning(systemd)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("systemd did not reach 'running' in time");
        }
        Thread.sleep(200);
      }
      return systemd;
    } catch (RuntimeException | InterruptedException e) {
      if (systemd != null) {
        systemd.close();
      } else {
        unshare.destroyForcibly();
      }
      throw e;
    }
  }

  private static boolean isRunning(RealSystemd systemd) {
    String state =
        new ProcessCommandRunner()
            .run(systemd.nsenter("systemctl", "is-system-running"), Duration.ofSeconds(20))
            .stdout()
            .strip();
    return state.equals("running") || state.equals("degraded");
  }

  /** {@code nsenter} into all namespaces of the booted systemd, then {@code command}. */
  List<String> nsenter(String... command) {
    List<String> argv =
        new java.util.ArrayList<>(
            List.of("nsenter", "-t", Long.toString(pid), "-m", "-p", "-n", "-u", "--"));
    argv.addAll(List.of(command));
    return argv;
  }

  /** Runs {@code command} inside the namespaces and fails unless it succeeds. */
  String exec(String... command) {
    CommandRunner.Result result =
        new ProcessCommandRunner().run(nsenter(command), Duration.ofSeconds(60));
    if (!result.succeeded()) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed in the namespace: " + result.firstErrorLine());
    }
    return result.stdout();
  }

  /** A path inside the namespace, as this (host) process reaches it. */
  Path path(String inside) {
    return Path.of("/proc", Long.toString(pid), "root", inside.substring(1));
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook.
    }
    powerOff();
  }

  private void powerOff() {
    Optional<ProcessHandle> init = ProcessHandle.of(pid);
    if (init.isEmpty()) {
      return;
    }
    new ProcessCommandRunner()
        .run(nsenter("systemctl", "poweroff", "--no-block"), Duration.ofSeconds(30));
    try {
      init.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Killing PID 1 of a pid namespace kills every process in it.
      init.get().destroyForcibly();
    }
    try {
      unshare.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
