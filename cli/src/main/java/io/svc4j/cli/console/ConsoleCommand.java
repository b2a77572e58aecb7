package io.svc4j.cli.console;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.UsageException;
import io.svc4j.console.AddressRange;
import io.svc4j.console.ConsoleOptions;
import io.svc4j.console.ConsoleService;
import io.svc4j.console.ServiceSource;
import io.svc4j.console.TlsFiles;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code svc4j console}: the web console as a hosted svc4j service (so {@code svc4j install --name
 * console -- svc4j console} gives it readiness, graceful stop and status).
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    subcommands = HashPasswordCommand.class,
    description =
        "Serve the web console: the svc4j services of this host (service manager and supervisors'"
            + " control sockets), their state, usage and logs; start/stop/restart/reload/pause/resume.")
public final class ConsoleCommand implements Callable<Integer> {

  private final CliContext context;

  @Option(
      names = "--bind",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}); beyond loopback only with --tls-cert,"
              + " --tls-key and --users-file or --token-file.")
  String bind = "127.0.0.1";

  @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port = ConsoleOptions.DEFAULT_PORT;

  @Option(
      names = "--token-file",
      description = "File (mode 0600) holding the operator's token; with it, visitors log in.")
  Path tokenFile;

  @Option(
      names = "--viewer-token-file",
      description = "File (mode 0600) holding a read-only viewer's token.")
  Path viewerTokenFile;

  @Option(
      names = "--users-file",
      paramLabel = "FILE",
      description =
          "File (mode 0600) of name:role:hash lines (role operator or viewer); make a line with"
              + " svc4j console hash-password NAME.")
  Path usersFile;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain to serve HTTPS with (certbot's fullchain.pem).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert (mode 0600; certbot's privkey.pem).")
  Path tlsKey;

  @Option(
      names = "--allow",
      paramLabel = "CIDR",
      description =
          "Address or network (10.0.0.0/8, 2001:db8::/32) that may connect; repeatable; default:"
              + " any.")
  List<String> allow = new ArrayList<>();

  @Mixin ConsoleRegistryOptions registry = new ConsoleRegistryOptions();

  @Option(names = "--user-unit", description = "List systemd --user units.")
  boolean userUnit;

  public ConsoleCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ConsoleOptions options;
    try {
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new UsageException(
            "TLS needs both --tls-cert FILE and --tls-key FILE; "
                + (tlsCert == null ? "--tls-cert" : "--tls-key")
                + " is missing");
      }
      options =
          new ConsoleOptions(
              InetAddress.getByName(bind),
              port,
              Optional.ofNullable(tokenFile),
              Optional.ofNullable(viewerTokenFile),
              Optional.ofNullable(usersFile),
              Optional.ofNullable(tlsCert).map(c -> new TlsFiles(c, tlsKey)),
              allow.stream().map(AddressRange::parse).toList());
      options.check();
    } catch (UnknownHostException e) {
      throw new UsageException("--bind " + bind + " is not an IP address");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ServiceSource source =
        ServiceSource.managed(
            () -> context.manager(userUnit),
            context.controlSockets().apply("console").getParent(),
            context.controlSockets());
    var console = new ConsoleService(options, source).withRegistry(registry.client());
    return ServiceHost.run(console, HostOptions.named("svc4j-console"));
  }
}
