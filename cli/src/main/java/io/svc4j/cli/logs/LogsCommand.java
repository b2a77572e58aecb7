package io.svc4j.cli.logs;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.UsageException;
import io.svc4j.cli.control.ChildControlException;
import io.svc4j.cli.control.SupervisorChannel;
import io.svc4j.cli.supervise.SupervisedSettings;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceNames;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.logs.ForeignEntryException;
import io.svc4j.supervisor.logs.LogReader;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code svc4j logs NAME [-f] [-n N]}: the captured output of a supervised service. */
@Command(
    mixinStandardHelpOptions = true,
    name = "logs",
    description = "Show the captured output of a supervised service.")
public final class LogsCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  @Option(
      names = {"-n", "--lines"},
      description = "How many of the last lines (default 50).")
  int lines = 50;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines (Ctrl+C ends).")
  boolean follow;

  @Option(names = "--stderr", description = "Show the stderr log instead of stdout.")
  boolean stderr;

  @Option(
      names = "--log-dir",
      description =
          "The service's log directory; by default where its running supervisor says, else the"
              + " default directory.")
  Path logDir;

  @Option(names = "--user-unit", description = "The service is a --user service.")
  boolean userUnit;

  public LogsCommand(CliContext context) {
    this.context = context;
  }

  /**
   * {@code --log-dir} if given; else where the running supervisor says its logs are (a service
   * installed with its own --log-dir or a config file's logs.directory); else the default
   * directory.
   */
  private Path logFile() {
    if (logDir == null) {
      String live = liveLogFile();
      if (live != null) {
        return Path.of(live);
      }
    }
    Path dir = logDir != null ? logDir : SupervisedSettings.defaultLogDirectory(name, userUnit);
    LogSettings settings = LogSettings.in(dir);
    return dir.resolve(stderr ? settings.stderrFile(name) : settings.stdoutFile(name));
  }

  /** Where the running supervisor captures the stream, or null (none runs, or it is stuck). */
  private String liveLogFile() {
    try {
      SupervisorChannel channel = SupervisorChannel.find(context, name);
      if (channel == null) {
        return null;
      }
      return stderr ? channel.firstStatus().stderrLog() : channel.firstStatus().stdoutLog();
    } catch (ChildControlException stuck) {
      // A hung supervisor is when its logs are needed most: fall back to the default place.
      context.err().println("svc4j: warning: " + stuck.getMessage());
      return null;
    }
  }

  @Override
  public Integer call() throws Exception {
    ServiceNames.requireValid(name);
    if (lines < 0) {
      throw new UsageException("--lines must not be negative, got " + lines);
    }
    Path file = logFile();
    refuseUnreadable(file);
    if (!Files.exists(file)) {
      throw new ManagerException(
          "no captured log for '"
              + name
              + "' at "
              + file
              + ": is it a supervised service (installed without --direct)? Direct services log"
              + " to the journal: journalctl -u "
              + name);
    }
    try {
      for (String line : LogReader.tail(file, lines)) {
        context.out().println(line);
      }
      context.out().flush();
      if (follow) {
        LogReader.follow(
            file,
            line -> {
              context.out().println(line);
              context.out().flush();
            },
            () -> false);
      }
    } catch (UnsafeDirectoryException | ForeignEntryException e) {
      // Read as root (sudo), a log directory someone else can change could show any file.
      throw new ManagerException(
          "cannot read the captured log of '" + name + "' at " + file + ": " + e.getMessage());
    }
    return 0;
  }

  /**
   * Captured logs are 0640 in a 0750 directory (root and the log group): someone else gets told so,
   * not that there is no log.
   */
  private void refuseUnreadable(Path file) {
    Path dir = file.getParent();
    boolean blocked =
        Files.exists(file)
            ? !Files.isReadable(file)
            : dir != null && Files.isDirectory(dir) && !Files.isExecutable(dir);
    if (!blocked) {
      return;
    }
    String group;
    try {
      group =
          "the group "
              + Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class)
                  .group()
                  .getName();
    } catch (java.io.IOException | RuntimeException e) {
      group = "the log group";
    }
    throw new ManagerException(
        "cannot read the captured log of '"
            + name
            + "' at "
            + file
            + ": captured logs are readable by root and "
            + group
            + " only; run 'sudo svc4j logs "
            + name
            + "' or join that group");
  }
}
