package io.svc4j.examples.hello;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    Raw raw = new Raw();
    try {
      new CommandLine(raw).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + " (options: --port, --bind, --static-dir, --auth-token-file,"
              + " --enable-debug-endpoints)",
          e);
    }
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

  @Command(name = "hello-http")
  static final class Raw {
    @Option(names = "--port", description = "TCP port to listen on (0: any free port)")
    int port = DEFAULT_PORT;

    @Option(names = "--bind", description = "address to listen on")
    String bind = DEFAULT_BIND;

    @Option(names = "--static-dir", description = "serve files from this directory at /")
    Path staticDir;

    @Option(
        names = "--auth-token-file",
        description =
            "require 'Authorization: Bearer <token>' on /api/*, token read from this file")
    Path authTokenFile;

    @Option(
        names = "--enable-debug-endpoints",
        description = "enable POST /api/debug/hang (makes the service report itself stuck)")
    boolean debugEndpoints;
  }
}
