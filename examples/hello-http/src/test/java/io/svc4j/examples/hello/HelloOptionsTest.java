package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloOptionsTest {

  @TempDir Path dir;

  @Test
  void defaultsAreLoopback8080WithEverythingOptionalOff() {
    HelloOptions o = HelloOptions.parse(List.of());
    assertThat(o.port()).isEqualTo(8080);
    assertThat(o.bind().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(o.staticDir()).isEmpty();
    assertThat(o.authTokenFile()).isEmpty();
    assertThat(o.debugEndpoints()).isFalse();
  }

  @Test
  void parsesEveryOption() throws Exception {
    Path token = Files.writeString(dir.resolve("t"), "tok");
    HelloOptions o =
        HelloOptions.parse(
            List.of(
                "--port=9090",
                "--bind",
                "0.0.0.0",
                "--static-dir",
                dir.toString(),
                "--auth-token-file",
                token.toString(),
                "--enable-debug-endpoints"));
    assertThat(o.port()).isEqualTo(9090);
    assertThat(o.bind().getHostAddress()).isEqualTo("0.0.0.0");
    assertThat(o.staticDir()).hasValue(dir.toAbsolutePath().normalize());
    assertThat(o.authTokenFile()).hasValue(token.toAbsolutePath().normalize());
    assertThat(o.debugEndpoints()).isTrue();
  }

  @Test
  void badOptionsFailWithOneLineNamingTheOption() throws Exception {
    assertOneLine(List.of("--port", "70000"), "--port 70000 is out of range");
    assertOneLine(List.of("--port", "http"), "--port");
    assertOneLine(List.of("--bind", "no such host.invalid"), "--bind");
    assertOneLine(List.of("--colour"), "--colour");
    assertOneLine(List.of("--static-dir", dir.resolve("nope").toString()), "is not a directory");
    assertOneLine(
        List.of("--auth-token-file", dir.resolve("missing").toString()), "does not exist");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertOneLine(List.of("--auth-token-file", empty.toString()), "is empty");
    Path twoLines = Files.writeString(dir.resolve("two"), "a\nb");
    assertOneLine(List.of("--auth-token-file", twoLines.toString()), "one token");
  }

  @Test
  void theTokenNeverShowsInToString() throws Exception {
    Path token = Files.writeString(dir.resolve("t"), "super-secret");
    assertThat(AuthToken.read(token).toString()).doesNotContain("super-secret");
    assertThat(HelloOptions.parse(List.of("--auth-token-file", token.toString())).toString())
        .doesNotContain("super-secret");
  }

  private static void assertOneLine(List<String> args, String expected) {
    assertThatThrownBy(() -> HelloHttpService.fromArgs(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
