package io.svc4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j console --registry ...} that cannot work is refused before it starts: one line. */
class ConsoleRegistryOptionsTest {

  @TempDir Path tmp;
  private final InProcessCli cli =
      new InProcessCli(new FakeManager(), name -> tmp.resolve(name + ".sock"));

  @Test
  void aRegistryThatIsNotAnHttpAddressIsRefused() {
    assertThat(cli.run("console", "--port", "0", "--registry", "ftp://example.com:21"))
        .isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --registry ftp://example.com:21 is not an http(s)://HOST:PORT address");
  }

  @Test
  void aMissingRegistryTokenFileIsRefused() {
    Path missing = tmp.resolve("no-such-token");
    assertThat(
            cli.run(
                "console",
                "--port",
                "0",
                "--registry",
                "http://127.0.0.1:7711",
                "--registry-token-file",
                missing.toString()))
        .isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("svc4j: error: registry token file " + missing + " cannot be read")
        .doesNotContain("\n");
  }
}
