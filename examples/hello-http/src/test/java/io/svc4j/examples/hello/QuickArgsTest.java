package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written start-path parser ({@link QuickArgs}) against picocli, the reference: for every
 * option in every form, and every bad command line, {@link HelloOptions#parse} gives what picocli
 * alone gives (the same options, or the same one-line message).
 */
class QuickArgsTest {

  @TempDir Path dir;
  String token;
  String other;

  @BeforeEach
  void files() throws Exception {
    token = Files.writeString(dir.resolve("token"), "tok\n").toString();
    other = Files.createDirectory(dir.resolve("www")).toString();
  }

  @Test
  void everyOptionInEveryPlainFormTakesTheFastPathAndReadsAsPicocliReadsIt() {
    List<List<String>> plain =
        List.of(
            List.of(),
            List.of("--port", "0"),
            List.of("--port=0"),
            List.of("--port", "9090"),
            List.of("--port=65535"),
            List.of("--bind", "0.0.0.0"),
            List.of("--bind=::1"),
            List.of("--bind", "localhost"),
            List.of("--static-dir", other),
            List.of("--static-dir=" + other),
            List.of("--auth-token-file", token),
            List.of("--auth-token-file=" + token),
            List.of("--enable-debug-endpoints"),
            List.of(
                "--enable-debug-endpoints",
                "--port=1",
                "--bind",
                "127.0.0.1",
                "--static-dir",
                other,
                "--auth-token-file=" + token));
    for (List<String> args : plain) {
      assertThat(QuickArgs.parse(args)).as("fast path for %s", args).isNotNull();
      assertThat(HelloOptions.parse(args))
          .as("%s", args)
          .isEqualTo(HelloOptions.parseWithPicocli(args));
    }
  }

  @Test
  void everyBadOrUnusualCommandLineGetsPicocliesAnswer() throws Exception {
    Path argFile = Files.writeString(dir.resolve("args"), "--port 7070\n");
    List<List<String>> odd = new ArrayList<>();
    odd.addAll(
        List.of(
            List.of("--port"),
            List.of("--port="),
            List.of("--port", "http"),
            List.of("--port", "70000"),
            List.of("--port", "99999999999"),
            List.of("--port", "-1"),
            List.of("--port=-1"),
            List.of("--port", "+80"),
            List.of("--port", "080"),
            List.of("--port", "0x50"),
            List.of("--port", "٨٠"),
            List.of("--port", " 80"),
            List.of("--port", "80", "--port", "81"),
            List.of("--port", "--bind"),
            List.of("--bind"),
            List.of("--bind="),
            List.of("--bind", "no such host.invalid"),
            List.of("--bind", "1.2.3.4", "--bind", "0.0.0.0"),
            List.of("--static-dir"),
            List.of("--static-dir", dir.resolve("nope").toString()),
            List.of("--static-dir", token),
            List.of("--static-dir", other, "--static-dir", other),
            List.of("--static-dir", "a\0b"),
            List.of("--auth-token-file"),
            List.of("--auth-token-file", dir.resolve("missing").toString()),
            List.of("--auth-token-file", token, "--auth-token-file", token),
            List.of("--enable-debug-endpoints", "--enable-debug-endpoints"),
            List.of("--enable-debug-endpoints=true"),
            List.of("--enable-debug-endpoints=false"),
            List.of("--colour"),
            List.of("--colour=red"),
            List.of("-p", "80"),
            List.of("--PORT", "80"),
            List.of("--help"),
            List.of("-h"),
            List.of("serve"),
            List.of("a", "b"),
            List.of("--", "--port", "80"),
            List.of("@" + argFile),
            List.of("--bind", "@" + argFile),
            List.of("--bind=@" + argFile),
            List.of("--bind=--port"),
            List.of("--bind=-1"),
            List.of("--port=--bind"),
            List.of("--static-dir=--port"),
            List.of("--static-dir=-"),
            List.of("--bind", "127.0.0.1", "--"),
            List.of("-"),
            List.of("--port=8080=1")));
    for (List<String> args : odd) {
      assertSameOutcome(args);
    }
  }

  @Test
  void everyErrorLineWordForWord() throws Exception {
    String opts =
        " (options: --port, --bind, --static-dir, --auth-token-file, --enable-debug-endpoints)";
    assertLine(List.of("--port"), "Missing required parameter for option '--port' (<port>)" + opts);
    assertLine(
        List.of("--port", "http"),
        "Invalid value for option '--port': 'http' is not an int" + opts);
    assertLine(
        List.of("--port", "70000"),
        "--port 70000 is out of range: use 1-65535 (or 0 for any free port)");
    assertLine(
        List.of("--port", "1", "--port", "2"),
        "option '--port' (<port>) should be specified only once" + opts);
    assertLine(
        List.of("--bind", "no such host.invalid"),
        "--bind no such host.invalid is not a known address: use an IP such as 127.0.0.1 or"
            + " 0.0.0.0");
    assertLine(List.of("--colour"), "Unknown option: '--colour'" + opts);
    assertLine(List.of("serve"), "Unmatched argument at index 0: 'serve'" + opts);
    Path nope = dir.resolve("nope");
    assertLine(
        List.of("--static-dir", nope.toString()), "--static-dir " + nope + " is not a directory");
    assertLine(
        List.of("--auth-token-file", dir.resolve("missing").toString()),
        "--auth-token-file "
            + dir.resolve("missing")
            + " does not exist: create it with the token on one line");
  }

  private static void assertLine(List<String> args, String line) {
    assertThatThrownBy(() -> HelloOptions.parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(line);
  }

  private static void assertSameOutcome(List<String> args) {
    Object expected = outcome(() -> HelloOptions.parseWithPicocli(args));
    Object actual = outcome(() -> HelloOptions.parse(args));
    assertThat(actual).as("%s", args).isEqualTo(expected);
  }

  private static Object outcome(java.util.function.Supplier<HelloOptions> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      return "error: " + e.getMessage();
    }
  }
}
