package io.svc4j.registry.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may do what: with a token, writes need {@code Authorization: Bearer TOKEN}; reads need it too
 * unless reads are open. Without a token (a loopback-only registry) everything is allowed.
 */
public final class Access {

  private final Optional<byte[]> token;
  private final boolean openReads;

  private Access(Optional<byte[]> token, boolean openReads) {
    this.token = token;
    this.openReads = openReads;
  }

  public static Access open() {
    return new Access(Optional.empty(), true);
  }

  public static Access withToken(String token, boolean openReads) {
    return new Access(Optional.of(token.getBytes(StandardCharsets.US_ASCII)), openReads);
  }

  public boolean tokenRequired() {
    return token.isPresent();
  }

  /** Null when allowed, otherwise the one-line reason. */
  String check(boolean write, String authorization) {
    if (token.isEmpty() || (!write && openReads)) {
      return null;
    }
    if (authorization == null) {
      return "missing bearer token: send Authorization: Bearer TOKEN (the registry's token file)";
    }
    if (!authorization.startsWith("Bearer ")) {
      return "wrong authorization scheme: send Authorization: Bearer TOKEN";
    }
    byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
    // Constant time, so that response timing does not leak the token.
    return MessageDigest.isEqual(token.get(), presented)
        ? null
        : "wrong bearer token: use the content of the registry's token file";
  }
}
