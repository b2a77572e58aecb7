package io.svc4j.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The console's {@link SSLContext}, built with the JDK alone from the PEM files certbot and openssl
 * write: a certificate chain and a PKCS#8 private key. Everything that can be wrong with them
 * (unreadable, not PEM, encrypted or PKCS#1 key, a key that does not belong to the certificate) is
 * found here, before anything listens, and reported as one line that never contains the key.
 *
 * @param context the server side of TLS
 * @param names the DNS names and IP addresses the certificate is for (its subject alternative
 *     names), the names a browser may use to reach the console
 */
record TlsContext(SSLContext context, Set<String> names) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /**
   * @throws IllegalArgumentException with one line naming the file and the fix
   */
  static TlsContext load(TlsFiles files) {
    List<X509Certificate> chain = certificates(files);
    PrivateKey key = privateKey(files, chain.get(0).getPublicKey().getAlgorithm());
    requireMatch(files, chain.get(0), key);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("console", key, password, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, new SecureRandom());
      return new TlsContext(context, subjectNames(chain.get(0)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use --tls-cert " + files.certificate() + ": " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(TlsFiles files) {
    String where = "--tls-cert " + files.certificate();
    byte[] pem;
    try {
      pem = Files.readAllBytes(files.certificate());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + where + ": " + e);
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      Collection<? extends java.security.cert.Certificate> all =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      for (var c : all) {
        chain.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          where
              + " is not a PEM certificate chain (-----BEGIN CERTIFICATE-----): "
              + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          where + " holds no certificate; give the PEM chain (certbot's fullchain.pem)");
    }
    return chain;
  }

  private static PrivateKey privateKey(TlsFiles files, String algorithm) {
    String where = "--tls-key " + files.privateKey();
    String text = SecretFiles.read(files.privateKey(), "--tls-key");
    Matcher m = PEM.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          where + " is not a PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    String type = m.group(1);
    if (!type.equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          where
              + " holds a PEM \""
              + type
              + "\", not an unencrypted PKCS#8 \"PRIVATE KEY\"; convert it with: openssl pkcs8"
              + " -topk8"
              + " -nocrypt -in "
              + files.privateKey()
              + " -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not valid base64 PEM");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      // The message may describe the key's encoding, never its value; keep it out anyway.
      throw new IllegalArgumentException(
          where + " is not an " + algorithm + " private key, which the certificate needs");
    }
  }

  /** Signs a random challenge with the key and checks it with the certificate's public key. */
  private static void requireMatch(TlsFiles files, X509Certificate cert, PrivateKey key) {
    String algorithm =
        switch (cert.getPublicKey().getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "RSASSA-PSS" -> "RSASSA-PSS";
          default -> cert.getPublicKey().getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature sign = Signature.getInstance(algorithm);
      if (algorithm.equals("RSASSA-PSS")) {
        sign.setParameter(
            new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      sign.initSign(key);
      sign.update(challenge);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      if (algorithm.equals("RSASSA-PSS")) {
        verify.setParameter(
            new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      verify.initVerify(cert.getPublicKey());
      verify.update(challenge);
      if (verify.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // falls through: the key cannot sign for this certificate
    }
    throw new IllegalArgumentException(
        "--tls-key "
            + files.privateKey()
            + " does not belong to the certificate in --tls-cert "
            + files.certificate()
            + "; give the key the certificate was made for");
  }

  private static Set<String> subjectNames(X509Certificate cert) {
    Set<String> names = new TreeSet<>();
    try {
      var alternatives = cert.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> san : alternatives) {
          int kind = (Integer) san.get(0);
          if (kind == 2 || kind == 7) { // dNSName, iPAddress
            names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // no usable names: only the bind address and loopback names are accepted
    }
    return Set.copyOf(names);
  }
}
