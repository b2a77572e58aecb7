package io.svc4j.cli.watch;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.cli.UsageException;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.FileWatcherService;
import io.svc4j.watcher.OnWatchLimit;
import io.svc4j.watcher.PathFilter;
import io.svc4j.watcher.WatchOptions;
import io.svc4j.watcher.backend.BackendChoice;
import io.svc4j.watcher.backend.PollBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code svc4j watch [options] PATH... [-- COMMAND [ARGS...]]}: the file watcher as a hosted svc4j
 * service, so {@code svc4j install --name w -- svc4j watch ...} gives it readiness, graceful stop
 * and status like any other service.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Watch directory trees: print one line per change, or run COMMAND once per settled batch.")
public final class WatchCommand implements Callable<Integer> {

  private final CliContext context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--name",
      description = "Service name for logs and status (default: ${DEFAULT-VALUE}).")
  String name = "watch";

  @Option(
      names = "--debounce",
      converter = Durations.class,
      description = "Quiet time before a batch settles (default 50ms; 0 = at once).")
  Duration debounce = WatchOptions.DEFAULT_DEBOUNCE;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Report only matching paths (a glob without / matches the file name).")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Do not report matching paths.")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--on-busy",
      paramLabel = "queue|restart",
      description =
          "Changes while COMMAND runs: queue them for the next run, or restart COMMAND (SIGTERM)"
              + " with them (default: ${DEFAULT-VALUE}).")
  WatchCommandRunner.OnBusy onBusy = WatchCommandRunner.OnBusy.QUEUE;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Save the trees' state here on stop; on start, first report what changed since.")
  Path stateFile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file naming several watches and their actions (run, post, reload, restart, log);"
              + " see 'svc4j watch --schema'.")
  Path configFile;

  @Option(
      names = "--schema",
      description = "Print the JSON Schema of the --config file (for editors) and exit.")
  boolean schema;

  @Option(
      names = "--on-watch-limit",
      paramLabel = "fail|degrade",
      description =
          "When the inotify watch limit refuses a directory at start: fail, or keep watching what"
              + " could be watched (default: ${DEFAULT-VALUE}).")
  OnWatchLimit onWatchLimit = OnWatchLimit.FAIL;

  @Option(
      names = "--hash",
      paramLabel = "GLOB",
      description =
          "With --state: judge the matching files by a SHA-256 of their content (read only for"
              + " them), not by size and mtime.")
  List<String> hash = new ArrayList<>();

  @Option(
      names = "--backend",
      paramLabel = "auto|inotify|jdk|poll",
      description =
          "How changes are learnt: the machine's own (auto: inotify on Linux, the native tree"
              + " watch on Windows, polling on macOS), inotify, the JDK's WatchService, or"
              + " directory listings every --poll-interval (default: ${DEFAULT-VALUE}).")
  BackendChoice backend = BackendChoice.AUTO;

  @Option(
      names = "--poll-interval",
      converter = Durations.class,
      description = "With --backend poll: time between two listings (default 1s).")
  Duration pollInterval = PollBackend.DEFAULT_INTERVAL;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(
      names = "--stop-timeout",
      description = "Deadline for a graceful stop (default 30s).",
      converter = Durations.class)
  Duration stopTimeout = HostOptions.DEFAULT_STOP_DEADLINE;

  @Parameters(
      paramLabel = "PATH",
      description = "Directories to watch, recursively; then -- COMMAND [ARGS...].")
  List<String> positionals = new ArrayList<>();

  public WatchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (schema) {
      context.out().print(WatchConfigFile.schema());
      return 0;
    }
    if (configFile != null) {
      return runConfigured();
    }
    List<String> command = command();
    List<String> paths = positionals.subList(0, positionals.size() - command.size());
    if (paths.isEmpty()) {
      throw new UsageException("watch: give at least one PATH to watch (a directory)");
    }
    List<Path> roots = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new UsageException("watch: " + p + " does not exist: give an existing directory");
      }
      if (!Files.isDirectory(path)) {
        throw new UsageException(
            "watch: " + p + " is not a directory: watch the directory that holds it");
      }
      roots.add(path);
    }
    PathFilter filter;
    try {
      filter = PathFilter.of(includes, excludes);
    } catch (IllegalArgumentException e) {
      throw new UsageException("watch: " + e.getMessage());
    }
    WatchOptions options =
        WatchOptions.of(roots)
            .withDebounce(debounce)
            .withFilter(filter)
            .withOnWatchLimit(onWatchLimit);
    if (stateFile != null) {
      Path parent = stateFile.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new UsageException(
            "watch: --state " + stateFile + ": its directory does not exist: create it first");
      }
      try {
        hash.forEach(PathFilter::check);
      } catch (IllegalArgumentException e) {
        throw new UsageException("watch: --hash " + e.getMessage());
      }
      options = options.withStateFile(stateFile).withHashed(hash);
    } else if (!hash.isEmpty()) {
      throw new UsageException("watch: --hash only goes with --state FILE: name a state file too");
    }
    BackendChoice chosen = backend;
    Duration interval = BackendOptions.pollInterval(spec, backend, pollInterval);
    WatchCommandRunner runner = command.isEmpty() ? null : new WatchCommandRunner(command, onBusy);
    BatchListener listener = runner != null ? runner : new WatchPrinter(context.out(), json);
    Service service =
        new Hosted(
            new FileWatcherService(options, listener, () -> chosen.create(interval)), runner);
    try {
      return ServiceHost.run(service, HostOptions.named(name).withStopDeadline(stopTimeout));
    } finally {
      if (runner != null) {
        runner.close(stopTimeout);
      }
    }
  }

  /** {@code --config FILE}: the file names paths, globs and actions; the options for one do not. */
  private Integer runConfigured() {
    var parsed = spec.commandLine().getParseResult();
    List<String> clash = new ArrayList<>();
    for (String option :
        List.of(
            "--hash",
            "--debounce",
            "--include",
            "--exclude",
            "--on-busy",
            "--state",
            "--json",
            "--on-watch-limit",
            "--backend",
            "--poll-interval")) {
      if (parsed.hasMatchedOption(option)) {
        clash.add(option);
      }
    }
    if (!positionals.isEmpty() || !clash.isEmpty()) {
      throw new UsageException(
          "watch: --config "
              + configFile
              + " names the paths and actions: give no "
              + (positionals.isEmpty() ? String.join(", ", clash) : "PATH or COMMAND")
              + " with it (write them in the file)");
    }
    WatchConfig config = WatchConfigFile.load(configFile);
    Path file = configFile.toAbsolutePath().normalize();
    ConfiguredWatches service = new ConfiguredWatches(config, java.util.Optional.of(file), context);
    try {
      // The watcher's own file is watched too: an edit reloads it like 'svc4j reload'.
      return ServiceHost.run(
          service,
          HostOptions.named(name)
              .withStopDeadline(stopTimeout)
              .withReloadOnChange(Duration.ofMillis(300), List.of(file)));
    } finally {
      service.closeActions(stopTimeout);
    }
  }

  /** The positionals after {@code --} (picocli drops the delimiter itself). */
  private List<String> command() {
    List<String> original = spec.commandLine().getParseResult().originalArgs();
    int at = original.indexOf("--");
    if (at < 0) {
      return List.of();
    }
    int after = original.size() - at - 1;
    return List.copyOf(positionals.subList(positionals.size() - after, positionals.size()));
  }

  /** The watcher, and on stop the command runner too (a running command finishes first). */
  private record Hosted(FileWatcherService watcher, WatchCommandRunner runner) implements Service {
    @Override
    public void start(ServiceContext context) throws Exception {
      watcher.start(context);
    }

    @Override
    public void stop(ServiceContext context) throws Exception {
      watcher.stop(context);
      if (runner != null) {
        runner.close(context.stopDeadline());
      }
    }
  }
}
