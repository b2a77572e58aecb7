package io.svc4j.cli.embed;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Errors;
import io.svc4j.cli.Logging;
import io.svc4j.cli.Subcommands;
import io.svc4j.cli.Verbosity;
import io.svc4j.cli.Version;
import io.svc4j.cli.install.InstallCommand;
import io.svc4j.cli.install.ReloadProbe;
import io.svc4j.cli.install.SelfCommandSource;
import io.svc4j.cli.manage.ListCommand;
import io.svc4j.cli.manage.ManageCommands;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryListener;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.Reloadable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One call from an application's {@code main} gives it {@code install | uninstall | start | stop |
 * restart | status | run} for itself, with the same manager code as the {@code svc4j} CLI:
 *
 * <pre>
 * public static void main(String[] args) {
 *   EmbeddedService.main(args, "hello-http", HelloHttpService::fromArgs);
 * }
 * </pre>
 *
 * {@code app install [--name N] [install options] [-- APP-ARGS]} installs a service that runs
 * {@code java -jar app.jar run --name N -- APP-ARGS}. With {@code run}, or when the first argument
 * is not a subcommand ({@code app --port 8080}), the service runs in the foreground under the
 * detected platform (console, systemd, SCM) and every argument goes to the factory.
 */
public final class EmbeddedService {

  private static final Set<String> OWN_WORDS =
      Set.of("run", "help", "--help", "-h", "--version", "-V");

  private EmbeddedService() {}

  /** Runs the requested subcommand and exits the JVM with its exit code. */
  public static void main(String[] args, String defaultName, ServiceFactory factory) {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    System.exit(execute(args, defaultName, factory, caller, CliContext.system()));
  }

  /**
   * Like {@link #main(String[], String, ServiceFactory)}, and while the service runs it is
   * registered with the registry of {@code registry} (URL, token, service, instance id, address,
   * port, metadata, TTL), given in code instead of by {@code SVC4J_REGISTRY_*} variables, which are
   * then ignored.
   */
  public static void main(
      String[] args, String defaultName, ServiceFactory factory, AgentSettings registry) {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    System.exit(
        execute(args, defaultName, factory, caller, CliContext.system(), Optional.of(registry)));
  }

  /** Runs the requested subcommand and returns its exit code. */
  public static int execute(
      String[] args,
      String defaultName,
      ServiceFactory factory,
      Class<?> mainClass,
      CliContext context) {
    return execute(args, defaultName, factory, mainClass, context, Optional.empty());
  }

  /** Runs the requested subcommand, registered with {@code registry} when given. */
  public static int execute(
      String[] args,
      String defaultName,
      ServiceFactory factory,
      Class<?> mainClass,
      CliContext context,
      Optional<AgentSettings> registry) {
    List<String> effective = new ArrayList<>(Arrays.asList(args));
    String first = effective.stream().filter(a -> !a.equals("--verbose")).findFirst().orElse("run");
    if (!Subcommands.MANAGEMENT.contains(first) && !OWN_WORDS.contains(first)) {
      effective.add(0, "run");
      effective.add(1, "--");
    } else if (effective.isEmpty()) {
      effective.add("run");
    }
    String[] finalArgs = effective.toArray(String[]::new);
    Logging.configure(finalArgs);
    Optional<RunFastPath.Parsed> run = RunFastPath.parse(finalArgs);
    int code;
    if (run.isPresent()) {
      // The start of a service: no picocli (see RunFastPath), the same errors and exit codes.
      try {
        code =
            RunCommand.run(
                (name, appArgs) -> factory.create(appArgs),
                run.get().name().orElse(defaultName),
                run.get().stopTimeout(),
                run.get().args(),
                listeners(registry));
      } catch (Exception e) {
        code =
            Errors.report(e, defaultName, context, Arrays.asList(finalArgs).contains("--verbose"));
      }
    } else {
      CommandLine cli = commandLine(finalArgs, defaultName, factory, mainClass, context, registry);
      code = Errors.configure(cli, context, finalArgs).execute(finalArgs);
    }
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * The command line with only the subcommand {@code args} name (for {@code run}, what every start
   * of an installed service runs: no model of install's fifty options), or with all of them when
   * they name none (help, a typo: picocli then lists or suggests them all). picocli builds the
   * model of every registered command by reflection before it runs one (docs/performance.md).
   */
  static CommandLine commandLine(
      String[] args,
      String defaultName,
      ServiceFactory factory,
      Class<?> mainClass,
      CliContext context,
      Optional<AgentSettings> registry) {
    CommandLine cli = new CommandLine(new App()).setCommandName(defaultName);
    Runnable install =
        () ->
            cli.addSubcommand(
                new InstallCommand(
                    context, new SelfCommandSource(mainClass), defaultName, reloadProbe(factory)));
    Runnable list = () -> cli.addSubcommand(new ListCommand(context));
    Runnable run =
        () ->
            cli.addSubcommand(
                new RunCommand(
                    (name, appArgs) -> factory.create(appArgs), defaultName, listeners(registry)));
    String wanted = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    switch (wanted) {
      case "run" -> run.run();
      case "install" -> install.run();
      case "list" -> list.run();
      default -> {
        if (!ManageCommands.addOnly(cli, context, wanted)) {
          install.run();
          ManageCommands.addTo(cli, context);
          list.run();
          run.run();
        }
      }
    }
    return cli;
  }

  private static java.util.function.Supplier<List<LifecycleListener>> listeners(
      Optional<AgentSettings> registry) {
    return () ->
        registry
            .<List<LifecycleListener>>map(s -> List.of(new RegistryListener(s)))
            .orElse(List.of());
  }

  /** The service built from the install arguments (nothing started) says whether it reloads. */
  private static ReloadProbe reloadProbe(ServiceFactory factory) {
    return args -> factory.create(args) instanceof Reloadable reloadable && reloadable.canReload();
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
  static final class App implements Runnable {
    @Mixin Verbosity verbosity;

    @Override
    public void run() {}
  }
}
