package io.svc4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code svc4j console} refuses before it starts: one line, exit code 2. */
class ConsoleCommandTest {

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var manager = new FakeManager();
    return Svc4j.execute(
        args,
        new CliContext(
            scope -> manager,
            name -> tmp.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true)));
  }

  @Test
  void aNonLoopbackBindIsRefused() {
    assertThat(run("console", "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("svc4j: error: --bind 0.0.0.0 is not a loopback address")
        .doesNotContain("\n");
  }

  @Test
  void aTokenFileOthersCanReadIsRefused() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "0123456789abcdef0123");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(run("console", "--port", "0", "--token-file", token.toString())).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "svc4j: error: --token-file "
                + token
                + " is readable by others; run chmod 600 "
                + token);
  }
}
