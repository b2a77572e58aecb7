package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.Svc4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j run --config FILE --name OTHER} (a real JVM, a real child) says on stderr, in the
 * one line {@code svc4j install} prints, that {@code --name} wins over the file's {@code name:};
 * when the two agree, or without {@code --name}, nothing is said.
 */
class RunNameNoteTest {

  @TempDir Path dir;

  private record Run(List<String> stdout, List<String> stderr) {}

  private Run svc4jRun(Path config, String... extra) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(Svc4j.class.getName(), "run", "--config", config.toString()));
    command.addAll(List.of(extra));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(Files.readAllLines(out), Files.readAllLines(err));
  }

  private Path config() throws Exception {
    // The child ends at once and is not restarted: the run ends too, the note said or not.
    Path config = dir.resolve("note-web.yaml");
    Files.writeString(
        config, "name: note-web\ncommand: [sh, -c, 'exit 0']\nrestart: {mode: 'no'}\n");
    return config;
  }

  @Test
  void aNameThatDiffersFromTheFilesIsNotedInOneLineOnStderr() throws Exception {
    Path config = config();

    Run run = svc4jRun(config, "--name", "note-shop");

    assertThat(run.stderr().stream().filter(l -> l.contains("svc4j: note:")).toList())
        .as("stderr: %s", run.stderr())
        .containsExactly(
            "svc4j: note: the service is named 'note-shop' (--name wins over the name 'note-web'"
                + " in "
                + config
                + ")");
    assertThat(run.stdout()).noneMatch(l -> l.contains("svc4j: note:"));
  }

  @Test
  void noNoteWhenTheNamesAgreeOrOnlyTheFileNames() throws Exception {
    Path config = config();

    Run same = svc4jRun(config, "--name", "note-web");
    Run fileOnly = svc4jRun(config);

    assertThat(same.stderr()).as("stderr").isNotEmpty().noneMatch(l -> l.contains("svc4j: note:"));
    assertThat(fileOnly.stderr())
        .as("stderr")
        .isNotEmpty()
        .noneMatch(l -> l.contains("svc4j: note:"));
  }
}
