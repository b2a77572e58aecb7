package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a unit says about reload: nothing without a reload method ("Job type reload is not
 * applicable"), {@code ExecReload=} on systemd 252, {@code Type=notify-reload} from 253 on for a
 * main process that announces its reload.
 */
class UnitReloadTest {

  @TempDir Path dir;

  private static ServiceDefinition definition(ReadinessProtocol readiness, UnitReload reload) {
    return ServiceDefinition.builder("web")
        .command(List.of("/bin/sh", "-c", "sleep 1000"))
        .readiness(readiness)
        .platformOptions(SystemdOptions.builder().reload(reload).build())
        .build();
  }

  private static UnitFile render(
      ReadinessProtocol readiness, UnitReload reload, SystemdVersion version) {
    return UnitRenderer.render(definition(readiness, reload), version);
  }

  @Test
  void withoutAReloadMethodTheUnitOffersNoReload() {
    UnitFile unit = render(ReadinessProtocol.NOTIFY, null, new SystemdVersion(255));

    assertThat(unit.values("Service", "Type")).containsExactly("notify");
    assertThat(unit.values("Service", "ExecReload")).isEmpty();
    assertThat(unit.render()).doesNotContain("Reload");
  }

  @Test
  void onSystemd252AnSvc4jHostGetsExecReloadWithSighupToTheMainProcess() {
    UnitFile unit = render(ReadinessProtocol.NOTIFY, UnitReload.SVC4J, new SystemdVersion(252));

    assertThat(unit.values("Service", "Type")).containsExactly("notify");
    assertThat(unit.values("Service", "ExecReload")).containsExactly("/bin/kill -HUP $MAINPID");
  }

  @Test
  void fromSystemd253AnSvc4jHostIsNotifyReloadAndNeedsNoExecReload() {
    UnitFile unit = render(ReadinessProtocol.NOTIFY, UnitReload.SVC4J, new SystemdVersion(253));

    assertThat(unit.values("Service", "Type")).containsExactly("notify-reload");
    assertThat(unit.values("Service", "ExecReload")).isEmpty();
    assertThat(unit.values("Service", "ReloadSignal")).isEmpty(); // SIGHUP is the default
  }

  @Test
  void notifyReloadNamesASignalOtherThanHup() {
    UnitFile unit =
        render(
            ReadinessProtocol.NOTIFY,
            new UnitReload(UnitReload.Signal.USR1, true),
            new SystemdVersion(254));

    assertThat(unit.values("Service", "Type")).containsExactly("notify-reload");
    assertThat(unit.values("Service", "ReloadSignal")).containsExactly("SIGUSR1");
  }

  @Test
  void aProgramThatAnnouncesNothingKeepsExecReloadEvenOnNewSystemd() {
    // notify-reload would wait for a RELOADING=1 such a program never sends.
    UnitFile unit =
        render(
            ReadinessProtocol.NOTIFY,
            UnitReload.bySignal(UnitReload.Signal.USR2),
            new SystemdVersion(256));

    assertThat(unit.values("Service", "Type")).containsExactly("notify");
    assertThat(unit.values("Service", "ExecReload")).containsExactly("/bin/kill -USR2 $MAINPID");
  }

  @Test
  void anExecServiceCannotBeNotifyReload() {
    UnitFile unit = render(ReadinessProtocol.EXEC, UnitReload.SVC4J, new SystemdVersion(256));

    assertThat(unit.values("Service", "Type")).containsExactly("exec");
    assertThat(unit.values("Service", "ExecReload")).containsExactly("/bin/kill -HUP $MAINPID");
  }

  @Test
  void anUnknownVersionGetsWhatEveryVersionUnderstands() {
    UnitFile unit = UnitRenderer.render(definition(ReadinessProtocol.NOTIFY, UnitReload.SVC4J));

    assertThat(unit.values("Service", "ExecReload")).containsExactly("/bin/kill -HUP $MAINPID");
  }

  @Test
  void onlyAnAnnouncedReloadMakesTheUnitDependOnTheVersion() {
    assertThat(UnitRenderer.dependsOnVersion(definition(ReadinessProtocol.NOTIFY, null))).isFalse();
    assertThat(
            UnitRenderer.dependsOnVersion(
                definition(ReadinessProtocol.NOTIFY, UnitReload.bySignal(UnitReload.Signal.HUP))))
        .isFalse();
    assertThat(UnitRenderer.dependsOnVersion(definition(ReadinessProtocol.EXEC, UnitReload.SVC4J)))
        .isFalse();
    assertThat(
            UnitRenderer.dependsOnVersion(definition(ReadinessProtocol.NOTIFY, UnitReload.SVC4J)))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "252.38-1~deb12u1, 252",
    "253, 253",
    "v255.4-1ubuntu8, 255",
    "'', 0",
    "garbage, 0",
    "9999999, 0"
  })
  void readsTheMajorVersion(String text, int major) {
    assertThat(SystemdVersion.parse(text).major()).isEqualTo(major);
  }

  @Test
  void signalsAreTheOnesThatDoNotStopAProcess() {
    assertThat(UnitReload.Signal.parse("sighup")).isEqualTo(UnitReload.Signal.HUP);
    assertThat(UnitReload.Signal.parse("USR1")).isEqualTo(UnitReload.Signal.USR1);
    assertThatThrownBy(() -> UnitReload.Signal.parse("TERM"))
        .isInstanceOf(ManagerException.class)
        .hasMessage("unknown reload signal 'TERM': use HUP, USR1 or USR2");
  }

  @Test
  void systemdAcceptsTheExecReloadUnitWithoutWarnings() throws Exception {
    ServiceDefinition definition = definition(ReadinessProtocol.NOTIFY, UnitReload.SVC4J);
    Path unit = dir.resolve(UnitRenderer.unitName(definition.name()));
    Files.writeString(unit, UnitRenderer.render(definition, new SystemdVersion(252)).render());

    assertThat(SystemdAnalyze.verify(unit, definition.scope(), dir)).isEmpty();
  }
}
