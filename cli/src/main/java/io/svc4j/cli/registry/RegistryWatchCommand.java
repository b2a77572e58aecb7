package io.svc4j.cli.registry;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.UsageException;
import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.client.RegistryException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code svc4j registry watch SERVICE [--json]}: one line per change (register, status, evict,
 * deregister) from the registry's event stream, until interrupted.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Print SERVICE's changes as they happen, one per line, until Ctrl+C.")
final class RegistryWatchCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin RegistryTarget target;

  @Parameters(paramLabel = "SERVICE", description = "The service to watch.")
  String service;

  @Option(names = "--json", description = "Print each change as one line of JSON.")
  boolean json;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N changes (for scripts).")
  int count;

  RegistryWatchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    RegistryClient client = target.client();
    int[] seen = {0};
    try {
      client.instances(service); // a wrong name, token or URL fails here with one line
      client.streamEvents(
          Optional.of(service),
          0,
          c -> {
            if (c == null) {
              context
                  .out()
                  .println("reset: changes were missed; run svc4j registry list " + service);
            } else {
              context.out().println(json ? toJson(c) : line(c));
            }
            context.out().flush();
            return count == 0 || ++seen[0] < count;
          });
    } catch (RegistryException e) {
      throw new IllegalStateException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return 0;
  }

  private static String toJson(Change c) {
    try {
      return Wire.mapper().writeValueAsString(c);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String line(Change c) {
    var i = c.instance();
    return String.format(
        Locale.ROOT,
        "%s %-10s %s/%s %s%s %s",
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        c.type().name().toLowerCase(Locale.ROOT),
        i.service(),
        i.id(),
        i.address(),
        i.port() > 0 ? ":" + i.port() : "",
        i.status());
  }
}
