package io.svc4j.systemd.unit;

import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.systemd.unit.SystemdOptions.KillMode;
import io.svc4j.systemd.unit.SystemdOptions.UnitSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Definitions that cover the renderer's branches; shared by golden and systemd-analyze tests. */
final class SampleDefinitions {

  private SampleDefinitions() {}

  /** Name → definition built around the given absolute executable. */
  static Map<String, Function<String, ServiceDefinition>> all() {
    return Map.of(
        "http-notify", SampleDefinitions::httpNotify,
        "plain-exec-user", SampleDefinitions::plainExecUser,
        "watchdog-special", SampleDefinitions::watchdogSpecial,
        "no-hardening", SampleDefinitions::noHardening);
  }

  /** The typical embedded HTTP daemon with every default. */
  static ServiceDefinition httpNotify(String java) {
    return ServiceDefinition.builder("hello-http")
        .displayName("Hello HTTP")
        .description("svc4j example HTTP server")
        .command(List.of(java, "-jar", "/opt/hello/hello-http.jar", "--port", "8080"))
        .workingDirectory(Path.of("/opt/hello"))
        .environment("JAVA_OPTS", "-Xmx256m")
        .runAs("daemon", "daemon")
        .build();
  }

  /** A --user unit of a program that does not speak sd_notify. */
  static ServiceDefinition plainExecUser(String executable) {
    return ServiceDefinition.builder("worker")
        .command(List.of(executable, "-c", "exec sleep 1000"))
        .readiness(ReadinessProtocol.EXEC)
        .scope(Scope.USER)
        .restart(
            new RestartPolicy(
                RestartPolicy.Mode.ALWAYS, Duration.ofMillis(1500), 3, Duration.ofMinutes(5)))
        .build();
  }

  /** Watchdog, hostile arguments and environment, an environment file and extra directives. */
  static ServiceDefinition watchdogSpecial(String executable) {
    return ServiceDefinition.builder("special_1.x")
        .displayName("Special 100% \"quoted\" $HOME")
        .command(
            List.of(
                executable,
                "-c",
                "printf '%s\\n' \"$0\" \"$@\"",
                "",
                "two words",
                "it's \"q\"",
                "back\\slash\\",
                "$HOME ${USER} %n",
                ";",
                "tab\tnl\nbell\u0007",
                "grüße 😀"))
        .workingDirectory(Path.of("/srv/my app/100%"))
        .environment("GREETING", "hello \"world\" $HOME 100% back\\slash")
        .environment("MULTI_LINE", "a\nb")
        .environmentFile(Path.of("/etc/special/env file"))
        .watchdog(Duration.ofSeconds(10))
        .startTimeout(Duration.ZERO)
        .stopTimeout(Duration.ofMillis(2500))
        .platformOptions(
            SystemdOptions.builder()
                .extra(UnitSection.SERVICE, "LimitNOFILE=65536")
                .extra("Unit.Documentation=https://example.com/docs")
                .extra("[Install]Alias=special-alias.service")
                .build())
        .build();
  }

  /** Hardening off, control-group kill mode, no restarts. */
  static ServiceDefinition noHardening(String executable) {
    return ServiceDefinition.builder("bare")
        .command(List.of(executable, "-c", "exec sleep 1000"))
        .readiness(ReadinessProtocol.EXEC)
        .restart(new RestartPolicy(RestartPolicy.Mode.NO, Duration.ZERO, 1, Duration.ofSeconds(10)))
        .platformOptions(
            SystemdOptions.builder().hardening(false).killMode(KillMode.CONTROL_GROUP).build())
        .build();
  }
}
