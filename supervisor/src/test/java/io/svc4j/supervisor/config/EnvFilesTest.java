package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        .hasMessageStartingWith("environment-files[0]: " + bad + ":2: expected KEY=VALUE");
    Path open = tmp.resolve("open.env");
    Files.writeString(open, "Q=\"unclosed\n");
    assertThatThrownBy(() -> EnvFiles.read(List.of(open.toString()), null))
        .hasMessageEndingWith(open + ":1: the double quote is not closed");
  }

  /** A typo in a secrets file must not put the secret into a log or a terminal. */
  @Test
  void parseErrorsNameFileAndLineButNeverTheValue() throws Exception {
    String secret = "hunter2-s3cr3t-value";
    for (String line :
        List.of(
            "DB-PASSWORD=" + secret, // a name with a dash
            secret, // a value pasted without its name
            "TOKEN=\"" + secret, // an unclosed quote
            "export " + secret + " = x")) {
      Path file = tmp.resolve("secret.env");
      Files.writeString(file, "# secrets\nOK=1\n" + line + "\n");
      assertThatThrownBy(() -> EnvFiles.read(List.of(file.toString()), null))
          .as("line %s", line)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(file + ":3: ")
          .message()
          .doesNotContain(secret)
          .doesNotContain("hunter2");
    }
  }

  /**
   * Root hands these values to the service: a file that another user can change would let that user
   * choose a root service's environment (LD_PRELOAD, say).
   */
  @Test
  void aFileAnotherUserCouldChangeIsRefused() throws Exception {
    Path file = tmp.resolve("shared.env");
    Files.writeString(file, "TOKEN=abc\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThatThrownBy(() -> EnvFiles.read(List.of(file.toString()), null))
        .hasMessage(
            "environment-files[0]: '"
                + file
                + "' can be written by its group or by every user (mode 0666): they could change"
                + " the service's environment; chmod 600 '"
                + file
                + "'");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
    assertThatThrownBy(() -> EnvFiles.read(List.of(file.toString()), null))
        .hasMessageContaining("mode 0620");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(file, "unix:uid", 65534); // nobody's file: the tests run as root
    assertThatThrownBy(() -> EnvFiles.read(List.of(file.toString()), null))
        .hasMessageStartingWith("environment-files[0]: '" + file + "' belongs to uid 65534")
        .hasMessageContaining("chown root:root");

    Files.setAttribute(file, "unix:uid", 0);
    assertThat(EnvFiles.read(List.of(file.toString()), null)).containsEntry("TOKEN", "abc");
  }
}
