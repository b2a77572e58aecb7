package io.svc4j.examples.hello;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The reference parser of hello-http's options: picocli, whose messages every bad command line
 * gets. Only reached when {@link QuickArgs} declines (an error or an unusual form), so that
 * picocli's classes, which no class-data cache can hold, stay off a normal start.
 */
final class PicocliArgs {

  private PicocliArgs() {}

  static HelloArgs parse(List<String> args) {
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
    HelloArgs a = new HelloArgs();
    a.port = raw.port;
    a.bind = raw.bind;
    a.staticDir = raw.staticDir;
    a.authTokenFile = raw.authTokenFile;
    a.debugEndpoints = raw.debugEndpoints;
    return a;
  }

  @Command(name = "hello-http")
  static final class Raw {
    @Option(names = "--port", description = "TCP port to listen on (0: any free port)")
    int port = HelloOptions.DEFAULT_PORT;

    @Option(names = "--bind", description = "address to listen on")
    String bind = HelloOptions.DEFAULT_BIND;

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
