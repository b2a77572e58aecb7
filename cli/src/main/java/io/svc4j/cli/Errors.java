package io.svc4j.cli;

import io.svc4j.manager.ManagerException;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Every error a user can cause ends as one line on stderr and a non-zero exit: 2 for a bad command
 * line, the manager's code for a failed operation, 1 otherwise. Stack traces only with --verbose.
 */
public final class Errors {

  private Errors() {}

  public static CommandLine configure(CommandLine cli, CliContext context, String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    String root = cli.getCommandName();
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          CommandLine where = ex.getCommandLine();
          context
              .err()
              .println(
                  root
                      + ": "
                      + oneLine(ex.getMessage())
                      + " (see '"
                      + where.getCommandSpec().qualifiedName()
                      + " --help')");
          if (verbose) {
            ex.printStackTrace(context.err());
          }
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> report(ex, root, context, verbose));
    return cli;
  }

  /**
   * Reports an exception of a running command as one line on stderr (the stack trace only with
   * --verbose) and returns its exit code: 2 for a bad command line or configuration, the manager's
   * code for a failed operation, 1 otherwise. Also used where a command runs without picocli.
   */
  public static int report(Exception ex, String root, CliContext context, boolean verbose) {
    int code;
    if (ex instanceof UsageException
        || ex instanceof io.svc4j.supervisor.config.ConfigException
        || ex instanceof io.svc4j.supervisor.config.ConfigFileException) {
      code = 2;
    } else if (ex instanceof ManagerException m) {
      code = m.exitCode();
    } else {
      code = 1;
    }
    String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    if (ex instanceof ManagerException m && m.refusal().isPresent()) {
      message = RefusalLines.line(m.refusal().get());
    }
    context.err().println(root + ": error: " + oneLine(message));
    if (verbose) {
      ex.printStackTrace(context.err());
    }
    return code;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ').strip();
  }
}
