package io.svc4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code svc4j console} refuses before it starts: one line, exit code 2. */
class ConsoleCommandTest {

  @TempDir Path tmp;
  private final InProcessCli cli =
      new InProcessCli(new FakeManager(), name -> tmp.resolve(name + ".sock"));

  /** {@code svc4j console --port 0 --tls-cert CERT --tls-key KEY}. */
  private int runTls(Path cert, Path key) {
    return cli.run(
        "console", "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString());
  }

  @Test
  void aNonLoopbackBindIsRefused() {
    assertThat(cli.run("console", "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("svc4j: error: --bind 0.0.0.0 is not a loopback address")
        .contains(
            "add TLS (--tls-cert FILE --tls-key FILE) and authentication (--users-file FILE or"
                + " --token-file FILE)")
        .doesNotContain("\n");
  }

  @Test
  void aNonLoopbackBindWithTlsButNoAuthenticationIsRefused() throws Exception {
    Path[] pem = openssl("rsa:2048");
    assertThat(
            cli.run(
                "console",
                "--bind",
                "0.0.0.0",
                "--port",
                "0",
                "--tls-cert",
                pem[0].toString(),
                "--tls-key",
                pem[1].toString()))
        .isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("svc4j: error: --bind 0.0.0.0 is not a loopback address")
        .contains("add authentication (--users-file FILE or --token-file FILE), or keep")
        .doesNotContain("TLS (--tls-cert")
        .doesNotContain("\n");
  }

  @Test
  void aNonLoopbackBindWithATokenButNoTlsIsRefused() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "0123456789abcdef0123");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    assertThat(cli.run("console", "--bind", "::", "--port", "0", "--token-file", token.toString()))
        .isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("svc4j: error: --bind ")
        .contains("add TLS (--tls-cert FILE --tls-key FILE), or keep")
        .doesNotContain("\n");
  }

  @Test
  void aTlsKeyOthersCanReadIsRefused() throws Exception {
    Path[] pem = openssl("ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    Files.setPosixFilePermissions(pem[1], PosixFilePermissions.fromString("rw-r-----"));
    assertThat(runTls(pem[0], pem[1])).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --tls-key "
                + pem[1]
                + " is readable by others; run chmod 600 "
                + pem[1]);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedWithOneLine() throws Exception {
    Path[] one = openssl("rsa:2048");
    Files.move(one[1], tmp.resolve("one-key.pem"));
    Path[] two = openssl("rsa:2048");
    assertThat(runTls(one[0], two[1])).isEqualTo(2);
    String key = Files.readString(two[1]);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --tls-key "
                + two[1]
                + " does not belong to the certificate in --tls-cert "
                + one[0]
                + "; give the key the certificate was made for")
        .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void aCertificateThatIsNotPemIsRefusedWithOneLine() throws Exception {
    Path[] pem = openssl("rsa:2048");
    Files.writeString(pem[0], "not a certificate\n");
    assertThat(runTls(pem[0], pem[1])).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .startsWith("svc4j: error: --tls-cert " + pem[0] + " is not a PEM certificate chain")
        .doesNotContain("\n");
  }

  @Test
  void aTraditionalRsaKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
    Path[] pem = openssl("rsa:2048");
    Path traditional = tmp.resolve("rsa-traditional.pem");
    exec(
        java.util.List.of(
            "openssl",
            "pkey",
            "-in",
            pem[1].toString(),
            "-traditional",
            "-out",
            traditional.toString()));
    assertThat(Files.readString(traditional)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Files.setPosixFilePermissions(traditional, PosixFilePermissions.fromString("rw-------"));
    assertThat(runTls(pem[0], traditional)).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --tls-key "
                + traditional
                + " holds a PEM \"RSA PRIVATE KEY\", not an unencrypted PKCS#8 \"PRIVATE KEY\";"
                + " convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                + traditional
                + " -out key.pem");
  }

  @Test
  void aCertificateWithoutKeyIsRefused() throws Exception {
    Path[] pem = openssl("rsa:2048");
    assertThat(cli.run("console", "--port", "0", "--tls-cert", pem[0].toString())).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: TLS needs both --tls-cert FILE and --tls-key FILE; --tls-key is"
                + " missing");
  }

  @Test
  void anAllowEntryThatIsAHostNameIsRefused() {
    assertThat(cli.run("console", "--port", "0", "--allow", "example.com")).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --allow example.com is not an address or network; write e.g."
                + " 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32");
  }

  /**
   * A self-signed certificate and its unencrypted PKCS#8 key, as {@code openssl req -x509 -nodes}
   * writes them (the key mode 0600).
   */
  private Path[] openssl(String newkey, String... keyOptions) throws Exception {
    Path cert = tmp.resolve("cert-" + System.nanoTime() + ".pem");
    Path key = tmp.resolve("key-" + System.nanoTime() + ".pem");
    var command =
        new java.util.ArrayList<>(
            java.util.List.of(
                "openssl", "req", "-x509", "-newkey", newkey.startsWith("ec") ? "ec" : newkey));
    command.addAll(java.util.List.of(keyOptions));
    command.addAll(
        java.util.List.of(
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()));
    exec(command);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return new Path[] {cert, key};
  }

  /** Runs {@code command} to its end; it must succeed (its output is the failure message). */
  private static void exec(java.util.List<String> command) throws Exception {
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }

  @Test
  void aTokenFileOthersCanReadIsRefused() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "0123456789abcdef0123");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(cli.run("console", "--port", "0", "--token-file", token.toString())).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: --token-file "
                + token
                + " is readable by others; run chmod 600 "
                + token);
  }
}
