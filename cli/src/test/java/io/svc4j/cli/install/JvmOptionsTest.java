package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {

  @Test
  void theLaunchersClassDataCacheAndCompilerChoiceNeverTravelIntoAService() {
    // What bin/svc4j runs the CLI with while it records its AOT cache (bin/jvm-cache.sh).
    List<String> cli =
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-XX:+VerifySharedSpaces",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:-DisplayVMOutput",
            "-Xlog:aot=off",
            "-Xlog:cds=off",
            "-XX:AOTMode=record",
            "-XX:AOTConfiguration=/home/op/.cache/svc4j/jvm/svc4j-1.2.conf",
            "-XX:AOTCache=/home/op/.cache/svc4j/jvm/svc4j-1.aot",
            "-XX:SharedArchiveFile=/home/op/.cache/svc4j/jvm/svc4j-1.jsa",
            "-XX:+AutoCreateSharedArchive",
            "-Dsecret=x",
            "-Xmx300m",
            "-agentlib:jdwp=transport=dt_socket");

    assertThat(JvmOptions.travelling(cli))
        .containsExactly("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx300m");
  }

  @Test
  void theSupervisorDefaultsGiveWayToWhatTheOperatorChose() {
    List<String> out =
        JvmOptions.withDefaults(
            JvmOptions.SUPERVISOR, List.of("-XX:+UseG1GC", "-Xmx1g", "-XX:MaxMetaspaceSize=256m"));

    assertThat(out)
        .doesNotContain("-XX:+UseSerialGC", "-Xmx128m", "-XX:MaxMetaspaceSize=96m")
        .contains("-XX:+UseG1GC", "-Xmx1g", "-XX:MaxMetaspaceSize=256m", "-Xms8m", "-Xss512k");
    assertThat(out.stream().filter(o -> o.startsWith("-Xmx"))).hasSize(1);
  }

  @Test
  void withNothingGivenTheSupervisorGetsEveryDefault() {
    assertThat(JvmOptions.withDefaults(JvmOptions.SUPERVISOR, List.of()))
        .isEqualTo(JvmOptions.SUPERVISOR);
  }

  @Test
  void versionGatedOptionsComeOnlyWhereTheInstallingJvmHasThemAndBehindTheGuard() {
    String trim = "-XX:TrimNativeHeapInterval=10000";
    assertThat(JvmOptions.supervisor(Runtime.Version.parse("21"), true)).doesNotContain(trim);
    assertThat(JvmOptions.supervisor(Runtime.Version.parse("21.0.1"), true)).contains(trim);
    assertThat(JvmOptions.supervisor(Runtime.Version.parse("25.0.1"), true)).contains(trim);
    assertThat(JvmOptions.supervisor(Runtime.Version.parse("25.0.1"), false))
        .as("Windows: the JVM could only warn that it cannot trim")
        .doesNotContain(trim);
    for (String v : List.of("21", "21.0.9", "25")) {
      List<String> options = JvmOptions.supervisor(Runtime.Version.parse(v), true);
      assertThat(options.getFirst()).isEqualTo("-XX:+IgnoreUnrecognizedVMOptions");
      assertThat(options).containsAll(JvmOptions.SUPERVISOR);
    }
  }

  @Test
  void optionNames() {
    assertThat(JvmOptions.name("-XX:+UseSerialGC")).isEqualTo("UseSerialGC");
    assertThat(JvmOptions.name("-XX:MaxMetaspaceSize=96m")).isEqualTo("MaxMetaspaceSize");
    assertThat(JvmOptions.name("-Xmx2g")).isEqualTo("-Xmx");
    assertThat(JvmOptions.name("-Xrs")).isEqualTo("-Xrs");
  }
}
