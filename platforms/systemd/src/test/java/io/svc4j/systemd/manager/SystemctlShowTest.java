package io.svc4j.systemd.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemctlShowTest {

  @Test
  void parsesKeyValueLinesKeepingEqualsSignsInValues() {
    Map<String, String> p =
        SystemctlShow.parse(
            "MainPID=42\nStatusText=ready: port=8080 – grüße\nLoadState=loaded\r\nnoise\n\n");

    assertThat(p)
        .containsEntry("MainPID", "42")
        .containsEntry("StatusText", "ready: port=8080 – grüße")
        .containsEntry("LoadState", "loaded")
        .hasSize(3);
  }

  @ParameterizedTest(name = "{0}/{1} → {3}")
  @CsvSource({
    "active,       running,      success,   RUNNING,   active (running)",
    "reloading,    reload,       success,   RELOADING, reloading (reload)",
    "activating,   start,        success,   STARTING,  activating (start)",
    "activating,   auto-restart, exit-code, STARTING,  activating (auto-restart)",
    "deactivating, stop-sigterm, success,   STOPPING,  deactivating (stop-sigterm)",
    "failed,       failed,       exit-code, FAILED,    failed (exit-code)",
    "failed,       failed,       watchdog,  FAILED,    failed (watchdog)",
    "inactive,     dead,         success,   STOPPED,   inactive (dead)",
  })
  void mapsEveryActiveState(
      String active, String sub, String result, State state, String nativeState) {
    ServiceStatus status =
        SystemctlShow.toStatus(
            "web",
            Map.of(
                "LoadState", "loaded",
                "ActiveState", active,
                "SubState", sub,
                "Result", result,
                "MainPID", "0"));

    assertThat(status.state()).isEqualTo(state);
    assertThat(status.nativeState()).isEqualTo(nativeState);
    assertThat(status.result()).isEqualTo(result.equals("success") ? "" : result);
  }

  @Test
  void notFoundIsNotInstalled() {
    assertThat(
            SystemctlShow.toStatus(
                "web",
                Map.of("LoadState", "not-found", "ActiveState", "inactive", "SubState", "dead")))
        .isEqualTo(ServiceStatus.notInstalled("web"));
  }

  @Test
  void aRunningServiceHasItsPidAndStatusTextButNoExitCode() {
    ServiceStatus status =
        SystemctlShow.toStatus(
            "web",
            SystemctlShow.parse(
                """
                LoadState=loaded
                ActiveState=active
                SubState=running
                Result=success
                ExecMainCode=0
                ExecMainStatus=0
                MainPID=4711
                StatusText=serving on 127.0.0.1:8080
                """));

    assertThat(status.mainPid()).isEqualTo(OptionalLong.of(4711));
    assertThat(status.statusText()).isEqualTo("serving on 127.0.0.1:8080");
    assertThat(status.exitCode()).isEmpty();
    assertThat(status.state().statusExitCode()).isZero();
  }

  @Test
  void aFailedServiceReportsItsExitCodeOrSignal() {
    Map<String, String> exited =
        Map.of(
            "LoadState", "loaded",
            "ActiveState", "failed",
            "SubState", "failed",
            "Result", "exit-code",
            "ExecMainCode", "1",
            "ExecMainStatus", "3",
            "MainPID", "0");
    Map<String, String> killed = new java.util.HashMap<>(exited);
    killed.putAll(Map.of("Result", "signal", "ExecMainCode", "2", "ExecMainStatus", "9"));

    assertThat(SystemctlShow.toStatus("web", exited).exitCode()).isEqualTo(OptionalInt.of(3));
    assertThat(SystemctlShow.toStatus("web", killed).exitCode()).isEqualTo(OptionalInt.of(137));
    assertThat(SystemctlShow.toStatus("web", killed).nativeState()).isEqualTo("failed (signal)");
  }

  @Test
  void aUnitSystemdRefusedIsInstalledButFailed() {
    ServiceStatus status =
        SystemctlShow.toStatus(
            "web",
            Map.of("LoadState", "bad-setting", "ActiveState", "inactive", "SubState", "dead"));

    assertThat(status.state()).isEqualTo(State.FAILED);
    assertThat(status.result()).isEqualTo("bad-setting");
  }
}
