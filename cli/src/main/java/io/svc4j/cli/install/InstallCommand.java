package io.svc4j.cli.install;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.cli.Svc4j;
import io.svc4j.cli.UsageException;
import io.svc4j.cli.supervise.ChildRestart;
import io.svc4j.cli.supervise.ProgramOptions;
import io.svc4j.cli.supervise.SupervisedSettings;
import io.svc4j.manager.Artefact;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.SupervisorCheck;
import io.svc4j.supervisor.config.RestartMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "install",
    resourceBundle = "io.svc4j.cli.install.InstallHelp",
    description = "Install and enable a service (--dry-run prints what would be written).")
public final class InstallCommand implements Callable<Integer> {

  private final CliContext context;
  private final CommandSource commandSource;
  private final boolean embedded;
  private final String defaultName;
  private final ReloadProbe reloadProbe;

  @Mixin ProgramOptions programOptions;

  /** --name, or the name {@link InstallName} gives without it. */
  private String name;

  @Option(names = "--display-name", description = "Human readable name.")
  String displayName;

  @Option(names = "--description", description = "One-line description.")
  String description;

  @Option(
      names = "--direct",
      description = "The command itself is the service's main process (no supervisor).")
  boolean direct;

  @Option(
      names = "--type",
      description =
          "notify: the program reports readiness (sd_notify / SCM); exec: ready once run.",
      converter = ReadinessConverter.class)
  ReadinessProtocol type = ReadinessProtocol.NOTIFY;

  @Option(
      names = "--reload-signal",
      paramLabel = "SIGNAL",
      description =
          "--direct: the program re-reads its configuration on this signal (HUP, USR1, USR2);"
              + " enables systemctl reload / svc4j reload.",
      converter = ReloadSignalConverter.class)
  io.svc4j.systemd.unit.UnitReload.Signal reloadSignal;

  @Option(names = "--working-dir", description = "Absolute working directory of the service.")
  Path workingDir;

  @Option(
      names = "--env",
      description =
          "Environment variable KEY=VALUE (repeatable). Written into the unit / service key, which"
              + " every local user can read: secrets go in --env-file.",
      converter = EnvAssignment.Converter.class)
  List<EnvAssignment> env = new ArrayList<>();

  @Option(names = "--user-unit", description = "Install for the calling user (systemd --user).")
  boolean userUnit;

  @Option(
      names = "--restart",
      description =
          "no, on-failure (default) or always. Supervised: the program's policy (the"
              + " supervisor's); --direct: the service manager's.",
      converter = RestartModeConverter.class)
  RestartPolicy.Mode restart;

  @Option(
      names = "--start-timeout",
      description = "How long a start may take (default 90s).",
      converter = Durations.class)
  Duration startTimeout = Duration.ofSeconds(90);

  @Option(
      names = "--watchdog",
      description = "Restart the service if it stops pinging for this long.",
      converter = Durations.class)
  Duration watchdog;

  @Option(
      names = "--socket",
      paramLabel = "[NAME=]ADDRESS",
      description =
          "systemd (with --direct or an embedded application): a NAME.socket unit holds this"
              + " listening socket (PORT, IPV4:PORT, [IPV6]:PORT or /path) and passes it to every"
              + " start (LISTEN_FDS, name 'http' by default), so a restart refuses no connection.")
  String socket;

  @Option(names = "--no-hardening", description = "Do not add the sandboxing defaults to the unit.")
  boolean noHardening;

  @Option(
      names = "--systemd-directive",
      paramLabel = "SECTION.KEY=VALUE",
      description =
          "Extra raw unit directive, e.g. Service.LimitNOFILE=65536 (repeatable; escape hatch).")
  List<String> systemdDirectives = new ArrayList<>();

  @Mixin WindowsFlags windowsFlags;

  @Option(
      names = "--no-event-source",
      description = "Windows: do not register an Event Log source.")
  boolean noEventSource;

  @Option(names = "--start", description = "Start the service after installing it.")
  boolean start;

  @Option(names = "--force", description = "Replace an existing, different service definition.")
  boolean force;

  @Option(names = "--dry-run", description = "Print what would be written; change nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      description = "With --start: how long to wait (default 60s).",
      converter = Durations.class)
  Duration timeout = Duration.ofSeconds(60);

  /**
   * @param defaultName the name used without --name (embedded applications), or null to require it
   */
  public InstallCommand(CliContext context, CommandSource commandSource, String defaultName) {
    this(context, commandSource, defaultName, null);
  }

  /**
   * @param reloadProbe for an embedded application: whether its service reloads
   */
  public InstallCommand(
      CliContext context,
      CommandSource commandSource,
      String defaultName,
      ReloadProbe reloadProbe) {
    this.context = context;
    this.commandSource = commandSource;
    this.embedded = defaultName != null;
    this.defaultName = defaultName;
    this.reloadProbe = reloadProbe;
  }

  @Override
  public Integer call() {
    windowsFlags.refusePasswordOnCommandLine();
    boolean supervised = !direct && !embedded;
    if (supervised && socket != null) {
      throw new UsageException(
          "--socket needs --direct: the supervisor does not pass systemd's sockets on to its"
              + " child (see docs/sockets.md)");
    }
    if (!supervised && (programOptions.config() != null || programOptions.logDir() != null)) {
      throw new UsageException("--config and --log-dir need the supervised mode: drop --direct");
    }
    name =
        InstallName.resolve(
            programOptions.name(), defaultName, programOptions.config(), context.err());
    if (workingDir != null && !workingDir.isAbsolute()) {
      throw new ManagerException(
          "--working-dir '" + workingDir + "' is relative: give an absolute directory");
    }
    if (workingDir != null && !Files.isDirectory(workingDir)) {
      throw new ManagerException("--working-dir '" + workingDir + "' is not an existing directory");
    }
    ServiceManager manager = context.manager(userUnit);
    // The SCM knows no environment files and its service account is what run-as means there.
    boolean scm = manager.name().equals("windows-scm");
    if (scm && socket != null) {
      throw new UsageException(
          "--socket works with systemd only: the Windows SCM cannot hold a socket for a service"
              + " (see docs/sockets.md)");
    }
    EnvFileChecks.check(programOptions.envFiles(), context.err());
    EnvFileChecks.warnAboutSecrets(env, scm, context.err());
    // Supervised on Linux: the supervisor stays root (its logs, its control socket under
    // /run/svc4j) and drops to the user for the program only, through its own --run-as.
    String childRunAs = supervised && !scm ? programOptions.runAs() : null;
    // Supervised on Windows: the supervisor reads the files, as the SCM cannot.
    List<Path> childEnvFiles = supervised && scm ? programOptions.envFiles() : List.of();
    List<String> command;
    Duration unitStopTimeout = stopTimeout();
    ReadinessProtocol readiness = type;
    if (supervised) {
      Supervised plan = supervised(childRunAs, childEnvFiles);
      command = plan.command();
      unitStopTimeout = plan.unitStopTimeout();
      readiness = ReadinessProtocol.NOTIFY; // the supervisor reports READY once the child is ready
    } else {
      command =
          commandSource.command(name, programOptions.command(), hostStopDeadline(stopTimeout()));
    }
    var builder =
        ServiceDefinition.builder(name)
            .displayName(displayName)
            .description(description)
            .command(command)
            .workingDirectory(workingDir)
            .readiness(readiness)
            .scope(userUnit ? Scope.USER : Scope.SYSTEM)
            .restart(
                // Supervised, the flags are the child's policy (passed to svc4j run); the manager
                // keeps its own default policy for the supervisor process itself.
                supervised
                    ? RestartPolicy.DEFAULT
                    : new RestartPolicy(
                        restart != null ? restart : RestartPolicy.DEFAULT.mode(),
                        Objects.requireNonNullElse(
                            programOptions.restartDelay(), RestartPolicy.DEFAULT.delay()),
                        RestartPolicy.DEFAULT.burst(),
                        RestartPolicy.DEFAULT.interval()))
            .startTimeout(startTimeout)
            .stopTimeout(unitStopTimeout)
            .watchdog(watchdog);
    env.forEach(e -> builder.environment(e.key(), e.value()));
    if (childEnvFiles.isEmpty()) {
      programOptions.envFiles().forEach(builder::environmentFile);
    }
    if (programOptions.runAs() != null && childRunAs == null) {
      String[] parts = programOptions.runAs().split(":", 2);
      builder.runAs(parts[0], parts.length > 1 ? parts[1] : null);
    }
    io.svc4j.systemd.unit.UnitReload reload =
        supervised
            ? InstallReload.supervised(reloadSignal)
            : embedded
                ? InstallReload.embedded(
                    reloadSignal, reloadProbe, programOptions.command(), name, context.err())
                : InstallReload.direct(reloadSignal);
    PlatformOptionsFactory.systemd(
        builder,
        noHardening,
        systemdDirectives,
        reload,
        socket == null ? null : io.svc4j.systemd.unit.ListenAddress.parse(socket));
    if (windowsFlags.any() || noEventSource) {
      builder.platformOptions(windowsFlags.options(!noEventSource));
    }
    ServiceDefinition definition = builder.build();
    if (dryRun) {
      for (Artefact artefact : manager.plan(definition)) {
        context.out().println("# " + artefact.location());
        context.out().print(artefact.content());
        if (!artefact.content().endsWith("\n")) {
          context.out().println();
        }
      }
      return 0;
    }
    manager.install(definition, force);
    context.out().println("Installed " + name + " (" + manager.name() + ")");
    if (start) {
      ServiceStatus status = manager.start(name, timeout);
      context.out().println("Started " + name + ": " + StatusPrinter.oneLine(status));
    }
    return 0;
  }

  private record Supervised(List<String> command, Duration unitStopTimeout) {}

  /**
   * The supervised mode: the service's main process is {@code svc4j run}, which supervises the
   * command. Everything the supervisor would refuse at start (a missing program or working
   * directory, a bad config file, an unknown run-as user, an unwritable log directory) is refused
   * here, before anything is installed, and without creating anything (--dry-run changes nothing).
   */
  private Supervised supervised(String childRunAs, List<Path> childEnvFiles) {
    List<String> program = Executables.resolveProgram(programOptions.command());
    Path logDir = programOptions.logDir();
    Path logs =
        (logDir != null ? logDir : SupervisedSettings.defaultLogDirectory(name, userUnit))
            .toAbsolutePath();
    Path configFile = programOptions.config();
    Path config = configFile == null ? null : configFile.toAbsolutePath();
    Duration restartDelay = programOptions.restartDelay();
    Duration deadline =
        SupervisorCheck.check(
                SupervisedSettings.resolve(
                    name,
                    program,
                    config,
                    logs,
                    stopTimeout(),
                    childRunAs,
                    childEnvFiles,
                    new ChildRestart(restart == null ? null : childRestartMode(), restartDelay)))
            .stopDeadline();
    List<String> runOptions = new ArrayList<>(List.of("--log-dir", logs.toString()));
    if (config != null) {
      runOptions.addAll(List.of("--config", config.toString()));
    }
    if (childRunAs != null) {
      runOptions.addAll(List.of("--run-as", childRunAs));
    }
    for (Path file : childEnvFiles) {
      runOptions.addAll(List.of("--env-file", file.toString()));
    }
    // Given flags only, so that a config file's restart section stays in force otherwise.
    if (restart != null) {
      runOptions.addAll(List.of("--restart", childRestartMode().yamlName()));
    }
    if (restartDelay != null) {
      runOptions.addAll(List.of("--restart-delay", restartDelay.toMillis() + "ms"));
    }
    List<String> command =
        new SelfCommandSource(Svc4j.class, runOptions, JvmOptions.supervisor())
            .command(name, program, stopTimeout());
    // systemd must wait for the supervisor's whole stop (the program's timeout, the tree kill).
    return new Supervised(command, deadline.plusSeconds(5));
  }

  /** --stop-timeout, or install's own default: 30s. */
  private Duration stopTimeout() {
    Duration given = programOptions.stopTimeout();
    return given != null ? given : Duration.ofSeconds(30);
  }

  /** {@code --restart} in the supervisor's terms. */
  private RestartMode childRestartMode() {
    return switch (restart) {
      case NO -> RestartMode.NO;
      case ON_FAILURE -> RestartMode.ON_FAILURE;
      case ALWAYS -> RestartMode.ALWAYS;
    };
  }

  /**
   * The in-process stop deadline sits a little below the manager's stop timeout so that our clear
   * "did not stop in time" error is logged before the manager resorts to SIGKILL.
   */
  public static Duration hostStopDeadline(Duration managerStopTimeout) {
    Duration margin = managerStopTimeout.dividedBy(10);
    if (margin.compareTo(Duration.ofSeconds(2)) > 0) {
      margin = Duration.ofSeconds(2);
    }
    Duration deadline = managerStopTimeout.minus(margin);
    return deadline.isZero() || deadline.isNegative() ? managerStopTimeout : deadline;
  }

  static final class ReloadSignalConverter
      implements picocli.CommandLine.ITypeConverter<io.svc4j.systemd.unit.UnitReload.Signal> {
    @Override
    public io.svc4j.systemd.unit.UnitReload.Signal convert(String value) {
      try {
        return io.svc4j.systemd.unit.UnitReload.Signal.parse(value);
      } catch (io.svc4j.manager.ManagerException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ReadinessConverter
      implements picocli.CommandLine.ITypeConverter<ReadinessProtocol> {
    @Override
    public ReadinessProtocol convert(String value) {
      return switch (value) {
        case "notify" -> ReadinessProtocol.NOTIFY;
        case "exec" -> ReadinessProtocol.EXEC;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "invalid --type '" + value + "': use notify or exec");
      };
    }
  }
}
