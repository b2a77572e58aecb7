package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which changes of {@code logs:} a running supervisor applies, and what it keeps. */
class LogChangeTest {

  private static final Path FILE = Path.of("/etc/svc4j/web.yaml");
  private static final String BASE = "name: web\ncommand: [sleep, '100']\n";

  private static SupervisorConfig parse(String logs) {
    return ConfigFile.parse(FILE, BASE + "logs: " + logs + "\n").config();
  }

  @Test
  void theChildsCaptureSettingsApplyLiveTheSupervisorsOwnLogAtItsNextStart() {
    var running = parse("{directory: /var/log/web}");
    var next =
        parse(
            "{directory: /srv/log/web, stdout: a.log, stderr: b.log, max-size: 1MiB, keep: 9,"
                + " gzip: true, timestamps: true, rotate-every: 1h, buffer-bytes: 1MiB,"
                + " supervisor-log: s.log, supervisor-format: json}");
    var change = ConfigChange.between(running, next);
    assertThat(change.live())
        .containsExactly(
            "logs.directory",
            "logs.stdout",
            "logs.stderr",
            "logs.max-size",
            "logs.keep",
            "logs.gzip",
            "logs.timestamps",
            "logs.rotate-every",
            "logs.buffer-bytes");
    assertThat(change.needsSupervisorRestart())
        .containsExactly("logs.supervisor-log", "logs.supervisor-format");
    assertThat(change.restartsChild()).isFalse();
    LogSettings adopted = ConfigChange.applicable(running, next).logs();
    assertThat(adopted.directory()).isEqualTo(Path.of("/srv/log/web"));
    assertThat(adopted.stdoutFile("web")).isEqualTo("a.log");
    assertThat(adopted.maxSize()).isEqualTo(1024 * 1024);
    assertThat(adopted.timestamps()).isTrue();
    assertThat(adopted.supervisorFile("web")).isEqualTo("web.svc4j.log");
    assertThat(adopted.supervisorFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void mergingOrSplittingTheStreamsWaitsForTheSupervisorsNextStart() {
    var running = parse("{directory: /var/log/web}");
    var merged = parse("{directory: /var/log/web, stdout: all.log, stderr: all.log, keep: 2}");
    var change = ConfigChange.between(running, merged);
    assertThat(change.live()).containsExactly("logs.keep");
    assertThat(change.needsSupervisorRestart()).containsExactly("logs.stdout", "logs.stderr");
    LogSettings adopted = ConfigChange.applicable(running, merged).logs();
    assertThat(adopted.merged("web")).isFalse();
    assertThat(adopted.stdoutFile("web")).isEqualTo("web.out.log");
    assertThat(adopted.keep()).isEqualTo(2);
  }

  @Test
  void turningCaptureOffOrOnWaitsForTheSupervisorsNextStart() {
    var running = parse("{directory: /var/log/web}");
    var off = ConfigFile.parse(FILE, BASE).config();
    assertThat(ConfigChange.between(running, off).needsSupervisorRestart()).containsExactly("logs");
    assertThat(ConfigChange.applicable(running, off).logs()).isEqualTo(running.logs());
  }

  @Test
  void everyComponentOfTheLogSettingsIsCompared() {
    assertThat(LogChange.comparedKeys()).isEqualTo(LogSettings.class.getRecordComponents().length);
  }
}
