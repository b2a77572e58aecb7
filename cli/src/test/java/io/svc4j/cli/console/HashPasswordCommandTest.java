package io.svc4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code svc4j console hash-password} as a real process: the password comes on standard input,
 * never on the command line, and only its hash comes out.
 */
class HashPasswordCommandTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String stdin, String... args) throws Exception {
    var command = new java.util.ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.svc4j.cli.Svc4j");
    command.addAll(java.util.List.of(args));
    var p = new ProcessBuilder(command).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void printsAUsersFileLineWithASaltedPbkdf2HashOfThePasswordOnStandardInput() throws Exception {
    String password = "correct horse battery staple";
    Result first = run(password + "\n", "console", "hash-password", "alice", "--role", "operator");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out().strip())
        .matches("alice:operator:pbkdf2_sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
        .doesNotContain(password);
    assertThat(first.err()).doesNotContain(password);
    // A fresh salt each time: the same password never gives the same line.
    Result second = run(password + "\n", "console", "hash-password", "alice", "--role", "operator");
    assertThat(second.out()).isNotEqualTo(first.out());
  }

  @Test
  void aShortPasswordIsRefusedWithOneLine() throws Exception {
    Result r = run("short\n", "console", "hash-password", "bob");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .isEqualTo("svc4j: error: the password must have at least 12 characters");
  }
}
