package io.svc4j.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hash of the users file: PBKDF2 with HMAC-SHA256 from the JDK, written as {@code
 * pbkdf2_sha256$ITERATIONS$SALT$HASH} (salt and hash in base64), the layout Django uses for the
 * same algorithm, so the cost and salt travel with each hash and can be raised later without
 * breaking older entries.
 *
 * @param iterations PBKDF2 rounds
 * @param salt random, 16 bytes when made here
 * @param hash the derived key, 32 bytes
 */
record PasswordHash(int iterations, byte[] salt, byte[] hash) {

  static final String SCHEME = "pbkdf2_sha256";

  /** What {@code svc4j console hash-password} uses: OWASP's figure for PBKDF2-HMAC-SHA256. */
  static final int DEFAULT_ITERATIONS = 600_000;

  /** Below this a stolen users file would fall to a guessing attack too quickly. */
  static final int MIN_ITERATIONS = 100_000;

  private static final int HASH_BYTES = 32;

  static PasswordHash create(char[] password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /**
   * @throws IllegalArgumentException with the reason (without the hash)
   */
  static PasswordHash parse(String text) {
    String[] parts = text.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "the hash is not "
              + SCHEME
              + "$ITERATIONS$SALT$HASH (make one with svc4j console"
              + " hash-password)");
    }
    int iterations;
    byte[] salt;
    byte[] hash;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the hash's iterations, salt or hash cannot be read (make one with svc4j console"
              + " hash-password)");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "the hash uses "
              + iterations
              + " iterations, fewer than "
              + MIN_ITERATIONS
              + "; make a new one with svc4j console hash-password");
    }
    if (salt.length < 8 || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "the hash's salt or length is wrong (make one with svc4j console hash-password)");
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** Whether {@code password} is the one hashed; compares in constant time. */
  boolean matches(char[] password) {
    return MessageDigest.isEqual(derive(password, salt, iterations), hash);
  }

  String encode() {
    var b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    var spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$…"; // never the salt or hash in a log
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordHash p
        && p.iterations == iterations
        && Arrays.equals(p.salt, salt)
        && Arrays.equals(p.hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }
}
