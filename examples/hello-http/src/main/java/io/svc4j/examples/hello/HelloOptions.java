package io.svc4j.examples.hello;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The example's own command-line options, validated up front so that a bad value fails before the
 * service manager sees a start: every problem is one {@link IllegalArgumentException} line.
 */
public record HelloOptions(
    int port,
    InetAddress bind,
    Optional<Path> staticDir,
    Optional<Path> authTokenFile,
    boolean debugEndpoints) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** Parses and validates the application arguments. */
  public static HelloOptions parse(List<String> args) {
    HelloArgs raw = QuickArgs.parse(args);
    return validate(raw != null ? raw : PicocliArgs.parse(args));
  }

  /** As {@link #parse}, always through picocli: the reference the fast path is tested against. */
  static HelloOptions parseWithPicocli(List<String> args) {
    return validate(PicocliArgs.parse(args));
  }

  private static HelloOptions validate(HelloArgs raw) {
    if (raw.port < 0 || raw.port > 65535) {
      throw new IllegalArgumentException(
          "--port " + raw.port + " is out of range: use 1-65535 (or 0 for any free port)");
    }
    InetAddress bind;
    try {
      bind = InetAddress.getByName(raw.bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "--bind " + raw.bind + " is not a known address: use an IP such as 127.0.0.1 or 0.0.0.0",
          e);
    }
    if (raw.staticDir != null && !Files.isDirectory(raw.staticDir)) {
      throw new IllegalArgumentException(
          "--static-dir " + raw.staticDir.toAbsolutePath() + " is not a directory");
    }
    if (raw.authTokenFile != null) {
      AuthToken.read(raw.authTokenFile); // fails early with a one-line reason
    }
    return new HelloOptions(
        raw.port,
        bind,
        Optional.ofNullable(raw.staticDir).map(p -> p.toAbsolutePath().normalize()),
        Optional.ofNullable(raw.authTokenFile).map(p -> p.toAbsolutePath().normalize()),
        raw.debugEndpoints);
  }
}
