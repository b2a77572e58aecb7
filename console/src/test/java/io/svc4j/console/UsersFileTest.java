package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file and its PBKDF2 hashes. */
class UsersFileTest {

  @TempDir Path tmp;

  private Path file(String text) throws Exception {
    Path f = tmp.resolve("users");
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void aLineFromTheHelperChecksItsPasswordOnly() throws Exception {
    String line = UsersFile.line("alice", Role.OPERATOR, "twelve-chars-ok".toCharArray());
    assertThat(line).startsWith("alice:operator:pbkdf2_sha256$600000$");
    var users = UsersFile.read(file(line + "\n"));
    var alice = users.find("alice").orElseThrow();
    assertThat(alice.role()).isEqualTo(Role.OPERATOR);
    assertThat(alice.hash().matches("twelve-chars-ok".toCharArray())).isTrue();
    assertThat(alice.hash().matches("twelve-chars-oK".toCharArray())).isFalse();
    assertThat(alice.hash().toString()).doesNotContain(line.substring(line.lastIndexOf('$')));
  }

  @Test
  void anUnknownNameIsCheckedAgainstADecoyOfTheSameCost() throws Exception {
    String line = UsersFile.line("alice", Role.VIEWER, "twelve-chars-ok".toCharArray());
    var users = UsersFile.read(file(line + "\n"));
    assertThat(users.find("mallory")).isEmpty();
    assertThat(users.decoy().iterations()).isEqualTo(PasswordHash.DEFAULT_ITERATIONS);
    assertThat(users.decoy().matches("twelve-chars-ok".toCharArray())).isFalse();
    assertThat(users.decoy().matches(new char[0])).isFalse();
  }

  @Test
  void theSamePasswordGetsADifferentSaltEachTime() {
    var a = PasswordHash.create("same password!".toCharArray(), PasswordHash.MIN_ITERATIONS);
    var b = PasswordHash.create("same password!".toCharArray(), PasswordHash.MIN_ITERATIONS);
    assertThat(a.encode()).isNotEqualTo(b.encode());
    assertThat(PasswordHash.parse(a.encode())).isEqualTo(a);
  }

  @Test
  void badLinesAreNamedByNumber() throws Exception {
    String good =
        PasswordHash.create("x-password-1".toCharArray(), PasswordHash.MIN_ITERATIONS).encode();
    Path f = file("# users\nalice:operator:" + good + "\nbob:admin:" + good + "\n");
    assertThatThrownBy(() -> UsersFile.read(f))
        .hasMessage("--users-file " + f + " line 3: role admin is neither operator nor viewer");
    Path twice = file("alice:viewer:" + good + "\nalice:operator:" + good + "\n");
    assertThatThrownBy(() -> UsersFile.read(twice))
        .hasMessage("--users-file " + twice + " line 2: user alice is listed twice");
    Path weak =
        file(
            "carol:viewer:pbkdf2_sha256$1000$c2FsdHNhbHQ$"
                + good.substring(good.lastIndexOf('$') + 1)
                + "\n");
    assertThatThrownBy(() -> UsersFile.read(weak))
        .hasMessageContaining("line 1: the hash uses 1000 iterations, fewer than 100000");
    Path plain = file("dave:viewer:hunter2hunter2\n");
    assertThatThrownBy(() -> UsersFile.read(plain))
        .hasMessageContaining("line 1: the hash is not pbkdf2_sha256$ITERATIONS$SALT$HASH")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aUsersFileOthersCanReadIsRefused() throws Exception {
    Path f =
        file(
            "alice:viewer:"
                + PasswordHash.create("x-password-1".toCharArray(), PasswordHash.MIN_ITERATIONS)
                    .encode()
                + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
    assertThatThrownBy(() -> UsersFile.read(f))
        .hasMessage("--users-file " + f + " is readable by others; run chmod 600 " + f);
  }
}
