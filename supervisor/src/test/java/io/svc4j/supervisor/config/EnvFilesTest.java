package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {

  @TempDir Path tmp;

  @Test
  void readsSystemdStyleFilesInOrder() throws Exception {
    Path a = tmp.resolve("a.env");
    Files.writeString(
        a,
        String.join(
            "\n",
            "# comment",
            "; also a comment",
            "",
            "PLAIN=one two",
            "export EXPORTED=yes",
            "SINGLE='$HOME stays'",
            "DOUBLE=\"say \\\"hi\\\"\\nbye\"",
            "  SPACED = trimmed  ",
            "OVERRIDDEN=first"));
    Path b = tmp.resolve("b.env");
    Files.writeString(b, "OVERRIDDEN=second\n");
    var env = EnvFiles.read(List.of(a.toString(), b.toString(), "-" + tmp.resolve("none")), null);
    assertThat(env)
        .containsEntry("PLAIN", "one two")
        .containsEntry("EXPORTED", "yes")
        .containsEntry("SINGLE", "$HOME stays")
        .containsEntry("DOUBLE", "say \"hi\"\nbye")
        .containsEntry("SPACED", "trimmed")
        .containsEntry("OVERRIDDEN", "second")
        .hasSize(6);
  }

  @Test
  void problemsNameTheFileAndLine() throws Exception {
    assertThatThrownBy(() -> EnvFiles.read(List.of(tmp.resolve("missing.env").toString()), null))
        .hasMessageStartingWith(
            "environment-files[0]: '" + tmp.resolve("missing.env") + "' does not exist")
        .hasMessageContaining("write '-");
    Path bad = tmp.resolve("bad.env");
    Files.writeString(bad, "OK=1\nthis is not an assignment\n");
    assertThatThrownBy(() -> EnvFiles.read(List.of(bad.toString()), null))
        .hasMessage(
            "environment-files[0]: "
                + bad
                + " line 2: expected KEY=VALUE, got 'this is not an assignment'");
    Path open = tmp.resolve("open.env");
    Files.writeString(open, "Q=\"unclosed\n");
    assertThatThrownBy(() -> EnvFiles.read(List.of(open.toString()), null))
        .hasMessageEndingWith("line 1: the double quote is not closed");
  }
}
