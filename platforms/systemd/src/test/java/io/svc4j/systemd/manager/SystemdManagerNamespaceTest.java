package io.svc4j.systemd.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import io.svc4j.systemd.unit.SystemdOptions;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The manager against a real systemd 252, driven from outside its namespaces: systemctl through
 * nsenter, unit files through /proc/PID/root. One boot serves all tests; each uses its own service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemdManagerNamespaceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * A Type=notify service without svc4j: perl (essential on Debian) sends READY=1 and a non-ASCII
   * STATUS= from the main process after DELAY seconds, then idles.
   */
  private static final String NOTIFY_SCRIPT =
      "use Socket; socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die $!;"
          + " sleep($ENV{DELAY}); send($s, \"READY=1\\nSTATUS=$ENV{MESSAGE}\", 0,"
          + " sockaddr_un($ENV{NOTIFY_SOCKET})) or die $!; sleep 1000;";

  private SystemdNamespace systemd;
  private SystemdManager manager;

  @BeforeAll
  void boot() throws Exception {
    systemd = SystemdNamespace.boot();
    manager =
        new SystemdManager(
            Scope.SYSTEM,
            systemd.nsenter("systemctl"),
            systemd.path("/etc/systemd/system"),
            new ProcessCommandRunner(),
            () -> true);
  }

  @AfterAll
  void powerOff() {
    if (systemd != null) {
      systemd.close();
    }
  }

  @Test
  void everyHostileArgumentAndVariableReachesTheProcessUnchanged() throws Exception {
    // Under /etc, which ProtectSystem=full makes read-only: writing there proves that the quoted
    // ReadWritePaths= entry was read as this path (and it is in the namespace's private tmpfs).
    String workDir = "/etc/systemd/system/work dir 100%";
    systemd.exec("mkdir", "-p", workDir).requireSuccess();
    List<String> hostile =
        List.of(
            "",
            "two words",
            "it's \"q\"",
            "back\\slash\\",
            "$HOME ${USER} %n $$",
            ";",
            "\\;",
            "tab\tnl\nbell\u0007",
            "grüße 😀",
            "$PATH",
            "100%",
            "-");
    String value = "hello \"world\" $HOME 100% back\\slash\\ é\nline two";
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                "pwd > cwd.txt; printf '%s' \"$VALUE\" > /run/quoting.env;"
                    + " for a in \"$@\"; do printf '%s\\0' \"$a\"; done > /run/quoting.tmp;"
                    + " mv /run/quoting.tmp /run/quoting.argv; exec sleep 1000",
                "sh"));
    command.addAll(hostile);
    ServiceDefinition definition =
        ServiceDefinition.builder("quoting")
            .command(command)
            .readiness(ReadinessProtocol.EXEC)
            .environment("VALUE", value)
            .workingDirectory(Path.of(workDir))
            .build();

    manager.install(definition, false);
    manager.start("quoting", WAIT);

    Path argv = systemd.path("/run/quoting.argv");
    await().atMost(WAIT).until(() -> Files.exists(argv));
    String expected = String.join("\0", hostile) + "\0";
    assertThat(Files.readString(argv, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(Files.readString(systemd.path("/run/quoting.env"), StandardCharsets.UTF_8))
        .isEqualTo(value);
    assertThat(Files.readString(systemd.path(workDir + "/cwd.txt")).strip()).isEqualTo(workDir);
    manager.uninstall("quoting", WAIT);
  }

  @Test
  void aNotifyServiceIsRunningOnlyAfterReadyAndReportsItsStatus() {
    manager.install(notifier("ready", "1"), false);
    manager.install(notifier("ready", "1"), false); // the same again: a no-op

    ServiceStatus started = manager.start("ready", WAIT);

    assertThat(started.state()).isEqualTo(State.RUNNING);
    assertThat(started.mainPid()).isPresent();
    assertThat(started.statusText()).isEqualTo("grüße: serving");
    assertThat(manager.list()).extracting(ServiceStatus::name).contains("ready");

    long firstPid = started.mainPid().getAsLong();
    assertThat(manager.restart("ready", WAIT).mainPid()).isPresent().isNotEqualTo(firstPid);

    ServiceStatus stopped = manager.stop("ready", WAIT);
    assertThat(stopped.state()).isEqualTo(State.STOPPED);
    assertThat(stopped.mainPid()).isEmpty();

    manager.uninstall("ready", WAIT);
    assertThat(manager.status("ready").state()).isEqualTo(State.NOT_INSTALLED);
    assertThat(systemd.path("/etc/systemd/system/ready.service")).doesNotExist();
    assertThat(manager.list()).extracting(ServiceStatus::name).doesNotContain("ready");
  }

  @Test
  void aStartThatIsNotReadyInTimeOrFailsIsReportedInOneLine() {
    manager.install(notifier("slow", "30"), false);
    assertThatThrownBy(() -> manager.start("slow", Duration.ofSeconds(2)))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith("service 'slow' did not become ready within 2s (now activating");
    assertThat(manager.status("slow").state()).isEqualTo(State.STARTING);
    manager.uninstall("slow", WAIT);

    manager.install(
        ServiceDefinition.builder("crashing")
            .command(List.of("/bin/sh", "-c", "echo boom >&2; exit 3"))
            .build(),
        false);
    assertThatThrownBy(() -> manager.start("crashing", WAIT))
        .hasMessage(
            "service 'crashing' failed to start: result exit-code, exit code 3, systemd will"
                + " retry; see journalctl -u crashing.service");
    manager.uninstall("crashing", WAIT);
  }

  @Test
  void aUnitSystemdRejectsIsRolledBackAndAVendorUnitIsNotShadowed() {
    // An empty ExecStart= clears the command: systemd refuses to load the unit (bad-setting).
    ServiceDefinition unloadable =
        ServiceDefinition.builder("rejected")
            .command(List.of("/bin/true"))
            .platformOptions(SystemdOptions.builder().extra("Service.ExecStart=").build())
            .build();

    assertThatThrownBy(() -> manager.install(unloadable, false))
        .hasMessageStartingWith("installing service 'rejected' failed, nothing was installed:");
    assertThat(systemd.path("/etc/systemd/system/rejected.service")).doesNotExist();
    assertThat(manager.status("rejected").state()).isEqualTo(State.NOT_INSTALLED);

    assertThatThrownBy(
            () ->
                manager.install(
                    ServiceDefinition.builder("systemd-journald")
                        .command(List.of("/bin/true"))
                        .build(),
                    false))
        .hasMessageStartingWith("a unit named systemd-journald.service already exists (/");
  }

  @Test
  void aUserUnitIsInstalledAndRunByTheUserManager() {
    // root's user manager, with a private (namespace-only) home so nothing lands in the host's.
    systemd
        .exec("mount", "-t", "tmpfs", "-o", "mode=0700", "svc4j-user-home", "/root")
        .requireSuccess();
    systemd.exec("systemctl", "start", "user@0.service").requireSuccess();
    List<String> systemctl = new ArrayList<>(systemd.nsenter("env", "XDG_RUNTIME_DIR=/run/user/0"));
    systemctl.add("systemctl");
    SystemdManager user =
        new SystemdManager(
            Scope.USER,
            systemctl,
            systemd.path("/root/.config/systemd/user"),
            new ProcessCommandRunner(),
            () -> false);
    ServiceDefinition definition = notifier("mine", "0", Scope.USER);

    user.install(definition, false);
    ServiceStatus started = user.start("mine", WAIT);

    assertThat(started.state()).isEqualTo(State.RUNNING);
    assertThat(started.statusText()).isEqualTo("grüße: serving");
    assertThat(
            systemd
                .exec(
                    "env",
                    "XDG_RUNTIME_DIR=/run/user/0",
                    "systemctl",
                    "--user",
                    "is-enabled",
                    "mine.service")
                .requireSuccess()
                .out())
        .isEqualTo("enabled");
    assertThat(user.list()).extracting(ServiceStatus::name).containsExactly("mine");
    assertThat(manager.status("mine").state()).isEqualTo(State.NOT_INSTALLED);

    user.uninstall("mine", WAIT);
    assertThat(user.status("mine").state()).isEqualTo(State.NOT_INSTALLED);
    assertThat(user.list()).isEmpty();
  }

  private static ServiceDefinition notifier(String name, String delaySeconds) {
    return notifier(name, delaySeconds, Scope.SYSTEM);
  }

  private static ServiceDefinition notifier(String name, String delaySeconds, Scope scope) {
    return ServiceDefinition.builder(name)
        .scope(scope)
        .command(List.of("/usr/bin/perl", "-e", NOTIFY_SCRIPT))
        .environment("DELAY", delaySeconds)
        .environment("MESSAGE", "grüße: serving")
        .build();
  }
}
