package io.svc4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j console --registry ...} that cannot work is refused before it starts: one line. */
class ConsoleRegistryOptionsTest {

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
  void aRegistryThatIsNotAnHttpAddressIsRefused() {
    assertThat(run("console", "--port", "0", "--registry", "ftp://example.com:21")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "svc4j: error: --registry ftp://example.com:21 is not an http(s)://HOST:PORT address");
  }

  @Test
  void aMissingRegistryTokenFileIsRefused() {
    Path missing = tmp.resolve("no-such-token");
    assertThat(
            run(
                "console",
                "--port",
                "0",
                "--registry",
                "http://127.0.0.1:7711",
                "--registry-token-file",
                missing.toString()))
        .isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("svc4j: error: registry token file " + missing + " cannot be read")
        .doesNotContain("\n");
  }
}
