package io.svc4j.console;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * How the console serves.
 *
 * @param bind address to listen on; only loopback addresses are accepted (no TLS yet)
 * @param port TCP port (0: any free port)
 * @param operatorTokenFile a file holding the operator's token; with it (or a viewer token) every
 *     visitor must log in
 * @param viewerTokenFile a file holding the read-only viewer's token
 */
public record ConsoleOptions(
    InetAddress bind, int port, Optional<Path> operatorTokenFile, Optional<Path> viewerTokenFile) {

  public static final int DEFAULT_PORT = 9470;

  /**
   * @throws IllegalArgumentException with one line when the options are not allowed
   */
  public ConsoleOptions {
    if (!bind.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--bind "
              + bind.getHostAddress()
              + " is not a loopback address: the console has no TLS yet, so it serves only on"
              + " loopback; reach it through an SSH tunnel (ssh -L "
              + (port == 0 ? DEFAULT_PORT : port)
              + ":127.0.0.1:"
              + (port == 0 ? DEFAULT_PORT : port)
              + " HOST) or a TLS reverse proxy");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
    }
  }

  /** Whether visitors must log in with a token. */
  public boolean authRequired() {
    return operatorTokenFile.isPresent() || viewerTokenFile.isPresent();
  }

  /**
   * Reads the token files now, so that a bad one is a usage error before anything starts.
   *
   * @throws IllegalArgumentException with one line
   */
  public void checkTokens() {
    operatorTokenFile.ifPresent(f -> readToken(f, "--token-file"));
    viewerTokenFile.ifPresent(f -> readToken(f, "--viewer-token-file"));
  }

  /**
   * The token in {@code file}: one line, owner-only (mode 0600 where POSIX permissions exist).
   *
   * @throws IllegalArgumentException with one line when it cannot be used
   */
  static String readToken(Path file, String option) {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          throw new IllegalArgumentException(
              option + " " + file + " is readable by others; run chmod 600 " + file);
        }
      }
      String token = Files.readString(file).strip();
      if (token.length() < 16) {
        throw new IllegalArgumentException(
            option + " " + file + " must hold a token of at least 16 characters");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e);
    }
  }
}
