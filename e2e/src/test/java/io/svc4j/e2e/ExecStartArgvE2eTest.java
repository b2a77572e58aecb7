package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arguments that are hard to quote travel through {@code svc4j install}, the unit file and
 * systemd's ExecStart= parser to the process, byte for byte.
 */
class ExecStartArgvE2eTest {

  /**
   * Each argument is a trap for one quoting layer: the unit file, specifiers, variables, shells.
   */
  private static final List<String> ARGS =
      List.of(
          "plain",
          "two words",
          "  leading and trailing  ",
          "double\"quote",
          "single'quote",
          "back\\slash",
          "trailing backslash\\",
          "\\\"escaped quote\\\"",
          "100%",
          "%n %i %h %%",
          "$HOME",
          "${HOME}",
          "$$",
          "semi;colon && echo pwned",
          "tab\there",
          "ünïcødé ✓ 日本語 🚀",
          "",
          "-dash",
          "--double-dash",
          "=equals",
          "*",
          "#hash",
          "last");

  @Test
  void hostileArgumentsArriveByteForByte() throws Exception {
    assertThat(System.getProperty("sun.jnu.encoding"))
        .as("the test JVM must run under a UTF-8 locale (LANG=C.UTF-8) to pass non-ASCII argv")
        .isEqualTo("UTF-8");
    String name = "argv-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
    try (SystemdNamespace ns = SystemdNamespace.boot()) {
      Svc4jCli svc4j = new Svc4jCli(ns);
      Path out = ns.dir().resolve("argv.bin");
      Path script = ns.dir().resolve("print-argv.sh");
      // NUL after each argument keeps empty arguments and embedded whitespace visible; written to a
      // temporary name first so the test never reads a half-written file.
      Files.writeString(
          script,
          """
          #!/bin/sh
          printf '%s\\0' "$@" > "$ARGV_OUT.part" && mv "$ARGV_OUT.part" "$ARGV_OUT"
          exec sleep 600
          """);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

      List<String> install =
          new ArrayList<>(
              List.of(
                  "install",
                  "--name",
                  name,
                  "--direct",
                  "--type",
                  "exec",
                  "--env",
                  "ARGV_OUT=" + out,
                  "--start",
                  "--",
                  script.toString()));
      install.addAll(ARGS);
      ExecResult r = svc4j.run(install.toArray(String[]::new));
      assertThat(r.exitCode()).as("install --start: %s\n%s", r, ns.diagnostics(name)).isZero();

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(out).as(ns.diagnostics(name)).exists());
      byte[] expected = nulTerminated(ARGS);
      byte[] actual = Files.readAllBytes(out);
      assertThat(new String(actual, StandardCharsets.UTF_8).split("\0", -1))
          .as("arguments as the process received them")
          .containsExactly(new String(expected, StandardCharsets.UTF_8).split("\0", -1));
      assertThat(actual).isEqualTo(expected);

      assertThat(svc4j.run("uninstall", name).exitCode()).isZero();
    }
  }

  private static byte[] nulTerminated(List<String> args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String arg : args) {
      bytes.writeBytes(arg.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
    }
    return bytes.toByteArray();
  }
}
