package io.svc4j.examples.hello;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A bearer token read from a file, so that it never appears on a command line (visible in {@code
 * ps}) or in a unit file. {@link #toString()} hides it: the token must never reach a log.
 */
public final class AuthToken {

  private static final int MAX_BYTES = 4096;

  private final byte[] secret;

  private AuthToken(byte[] secret) {
    this.secret = secret;
  }

  /** Reads the token: the file's content without surrounding whitespace. */
  public static AuthToken read(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(
            "--auth-token-file "
                + file
                + " is larger than "
                + MAX_BYTES
                + " bytes: put only the"
                + " token in it");
      }
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "--auth-token-file " + file + " does not exist: create it with the token on one line", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--auth-token-file " + file + " cannot be read: " + e, e);
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "--auth-token-file " + file + " is empty: write the token into it");
    }
    if (text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException(
          "--auth-token-file "
              + file
              + " must hold one token of printable ASCII without spaces or line breaks");
    }
    return new AuthToken(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Compares in constant time, so that response timing does not leak the token. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "AuthToken[hidden]";
  }
}
