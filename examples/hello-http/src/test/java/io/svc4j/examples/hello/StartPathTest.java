package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hello-http's start must not do before its port listens (docs/performance.md): each of these
 * cost hundreds of milliseconds of start-up on a 2-core machine. Read from the JVM's own class-load
 * log of the real main, up to the "listening on" line.
 */
class StartPathTest {

  @TempDir Path dir;

  @Test
  void noXmlLoggingConfigNoPlatformMBeanServerNoLdconfigNoPicocliBeforeListening()
      throws Exception {
    Path out = Files.createFile(dir.resolve("stdout"));
    Path classes = dir.resolve("classes.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                classpath,
                HelloHttpService.class.getName(),
                "--port",
                "0",
                "--bind=127.0.0.1")
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(dir.resolve("stderr").toFile());
    pb.environment().remove("NOTIFY_SOCKET");
    Process p = pb.start();
    List<String> loaded;
    try {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.readString(out).contains("listening on"));
      loaded = Files.readAllLines(classes);
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    assertThat(loaded).anyMatch(l -> l.contains(" org.eclipse.jetty.server.Server "));
    assertThat(loaded)
        .as("Logback configured in code (HelloLogging), no XML parser")
        .noneMatch(l -> l.contains("org.apache.xerces") || l.contains(".GenericXMLConfigurator "));
    assertThat(loaded)
        .as("Jetty told the oops size (JettyStartup): no platform MBean server, no JFR")
        .noneMatch(
            l -> l.contains(" javax.management.MBeanServerFactory ") || l.contains("jdk.jfr"));
    assertThat(loaded)
        .as("JNA given its library path (JnaLibraryHome): no ldconfig -p started")
        .noneMatch(l -> l.contains(" jdk.internal.event.ProcessStartEvent "));
    assertThat(loaded)
        .as("options read by QuickArgs: no picocli (its classes fit no class-data cache)")
        .noneMatch(l -> l.contains(" picocli."));
  }
}
