package io.svc4j.console;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made for a test by the JDK's keytool, written as the PEM files certbot
 * and openssl give ({@code cert.pem}, PKCS#8 {@code key.pem}, mode 0600), with a client {@link
 * SSLContext} that trusts it and nothing else.
 */
record SelfSigned(Path certificate, Path key, SSLContext trust) {

  TlsFiles files() {
    return new TlsFiles(certificate, key);
  }

  /**
   * @param san keytool's subject alternative names, e.g. {@code dns:localhost,ip:127.0.0.1}
   */
  static SelfSigned create(Path dir, String name, String keyAlgorithm, String san)
      throws Exception {
    Path store = dir.resolve(name + ".p12");
    var keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "console",
                "-keyalg",
                keyAlgorithm,
                "-dname",
                "CN=localhost",
                "-ext",
                "san=" + san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("console");
    PrivateKey key = (PrivateKey) ks.getKey("console", "changeit".toCharArray());
    Path certPem = dir.resolve(name + "-cert.pem");
    Path keyPem = dir.resolve(name + "-key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // getEncoded: PKCS#8
    Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("console", cert);
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext trust = SSLContext.getInstance("TLS");
    trust.init(null, tmf.getTrustManagers(), null);
    return new SelfSigned(certPem, keyPem, trust);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
