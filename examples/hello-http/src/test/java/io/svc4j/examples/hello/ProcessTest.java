package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example as its own JVM, started through its real main and stopped with SIGTERM. */
class ProcessTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://[0-9.:]+)");

  @TempDir Path dir;

  private Process launch(Path stdout, Path stderr, String journalStream, String... args)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", classpath, HelloHttpService.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(stderr.toFile());
    pb.environment().remove("JOURNAL_STREAM");
    pb.environment().remove("NOTIFY_SOCKET");
    pb.environment().remove("INVOCATION_ID");
    if (journalStream != null) {
      pb.environment().put("JOURNAL_STREAM", journalStream);
    }
    return pb.start();
  }

  @Test
  void runsUnderItsMainStopsOnSigtermAndPrefixesLevelsForTheJournal() throws Exception {
    Path out = Files.createFile(dir.resolve("stdout"));
    Path err = dir.resolve("stderr");
    // Pretend stdout is the journal: systemd names the stream by device and inode.
    String stream = Files.getAttribute(out, "unix:dev") + ":" + Files.getAttribute(out, "unix:ino");
    Process p = launch(out, err, stream, "--port", "0");
    try {
      String base =
          await()
              .atMost(60, TimeUnit.SECONDS)
              .until(
                  () -> {
                    Matcher m = LISTENING.matcher(Files.readString(out));
                    return m.find() ? m.group(1) : null;
                  },
                  b -> b != null);
      try (HttpClient client = HttpClient.newHttpClient()) {
        var r =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/hello/process"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertThat(line).startsWith("<6>{"); // info lines only in this run
      json.readTree(line.substring(3));
    }
    assertThat(lines).anyMatch(l -> l.contains("\"logger\":\"access\""));
    assertThat(lines).anyMatch(l -> l.contains("stopped after"));
  }

  @Test
  void aBadOptionExitsNonZeroWithOneLine() throws Exception {
    Path out = Files.createFile(dir.resolve("stdout"));
    Path err = dir.resolve("stderr");
    Process p = launch(out, err, null, "--port", "99999");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    String stderr = Files.readString(err).strip();
    assertThat(stderr).contains("--port 99999 is out of range").doesNotContain("\n\tat ");
    assertThat(stderr.lines().count()).isEqualTo(1);
  }
}
