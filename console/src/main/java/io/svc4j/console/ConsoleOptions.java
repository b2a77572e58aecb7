package io.svc4j.console;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the console serves and whom it lets in.
 *
 * @param bind address to listen on; beyond loopback only with TLS and authentication
 * @param port TCP port (0: any free port)
 * @param operatorTokenFile a file holding the operator's token; with it (or a viewer token, or a
 *     users file) every visitor must log in
 * @param viewerTokenFile a file holding the read-only viewer's token
 * @param usersFile a file of {@code name:role:hash} lines (see {@link UsersFile})
 * @param tls certificate and key to serve HTTPS with; plain HTTP without
 * @param allow the networks that may connect; empty: every address
 */
public record ConsoleOptions(
    InetAddress bind,
    int port,
    Optional<Path> operatorTokenFile,
    Optional<Path> viewerTokenFile,
    Optional<Path> usersFile,
    Optional<TlsFiles> tls,
    List<AddressRange> allow) {

  public static final int DEFAULT_PORT = 9470;

  /**
   * @throws IllegalArgumentException with one line when the options are not allowed
   */
  public ConsoleOptions {
    allow = List.copyOf(allow);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
    }
    if (!bind.isLoopbackAddress()) {
      List<String> missing = new ArrayList<>();
      if (tls.isEmpty()) {
        missing.add("TLS (--tls-cert FILE --tls-key FILE)");
      }
      if (operatorTokenFile.isEmpty() && viewerTokenFile.isEmpty() && usersFile.isEmpty()) {
        missing.add("authentication (--users-file FILE or --token-file FILE)");
      }
      if (!missing.isEmpty()) {
        int p = port == 0 ? DEFAULT_PORT : port;
        throw new IllegalArgumentException(
            "--bind "
                + bind.getHostAddress()
                + " is not a loopback address: beyond loopback the console needs TLS and"
                + " authentication; add "
                + String.join(" and ", missing)
                + ", or keep the loopback bind and use an SSH tunnel (ssh -L "
                + p
                + ":127.0.0.1:"
                + p
                + " HOST)");
      }
    }
  }

  /** Loopback, plain HTTP, optional token files (what the first console had). */
  public ConsoleOptions(
      InetAddress bind,
      int port,
      Optional<Path> operatorTokenFile,
      Optional<Path> viewerTokenFile) {
    this(
        bind,
        port,
        operatorTokenFile,
        viewerTokenFile,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** Whether visitors must log in. */
  public boolean authRequired() {
    return operatorTokenFile.isPresent() || viewerTokenFile.isPresent() || usersFile.isPresent();
  }

  /**
   * Reads the token, users, certificate and key files now, so that a bad one is a usage error
   * before anything starts.
   *
   * @throws IllegalArgumentException with one line
   */
  public void check() {
    Access.load(this);
  }

  /**
   * The token in {@code file}: one line of at least 16 characters, owner-only (mode 0600 where
   * POSIX permissions exist).
   *
   * @throws IllegalArgumentException with one line when it cannot be used
   */
  static String readToken(Path file, String option) {
    String token = SecretFiles.read(file, option).strip();
    if (token.length() < 16) {
      throw new IllegalArgumentException(
          option + " " + file + " must hold a token of at least 16 characters");
    }
    return token;
  }
}
