package io.svc4j.cli.registry;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.UsageException;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.ServiceList;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.client.RegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code svc4j registry list [SERVICE] [--json]}: services, or one service's instances. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the registry's services, or the instances of SERVICE.")
final class RegistryListCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin RegistryTarget target;

  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "Show this service's instances.")
  String service;

  @Option(names = "--json", description = "Print the registry's JSON.")
  boolean json;

  RegistryListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    RegistryClient client = target.client();
    try {
      if (service == null) {
        ServiceList list = client.services();
        if (json) {
          context.out().println(Wire.mapper().writeValueAsString(list));
        } else if (list.services().isEmpty()) {
          context.out().println("No services registered at " + client.base() + ".");
        } else {
          list.services()
              .forEach(
                  s -> {
                    StringBuilder counts = new StringBuilder();
                    s.byStatus()
                        .forEach((st, n) -> counts.append(' ').append(st).append('=').append(n));
                    context
                        .out()
                        .printf("%-30s %3d instances%s%n", s.name(), s.instances(), counts);
                  });
        }
      } else {
        ServiceInstances s = client.instances(service);
        if (json) {
          context.out().println(Wire.mapper().writeValueAsString(s));
        } else if (s.instances().isEmpty()) {
          context.out().println("No instances of " + service + " at " + client.base() + ".");
        } else {
          for (Instance i : s.instances()) {
            context.out().println(line(i));
          }
        }
      }
    } catch (RegistryException e) {
      throw new IllegalStateException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return 0;
  }

  static String line(Instance i) {
    String where = i.address().isEmpty() ? "-" : i.address() + (i.port() > 0 ? ":" + i.port() : "");
    String cpu = i.cpu() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", i.cpu() * 100);
    String rss = i.rssBytes() == null ? "-" : (i.rssBytes() / (1024 * 1024)) + "MiB";
    long age = Math.max(0, Duration.between(i.lastHeartbeat(), Instant.now()).toSeconds());
    return String.format(
        Locale.ROOT,
        "%-24s %-22s %-9s cpu %-6s rss %-8s beat %ds ago%s%s",
        i.id(),
        where,
        i.status(),
        cpu,
        rss,
        age,
        i.evictionHeld() ? " (expired, held by eviction budget)" : "",
        i.text().isEmpty() ? "" : "  " + i.text());
  }
}
