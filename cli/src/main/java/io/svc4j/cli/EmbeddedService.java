package io.svc4j.cli;

/**
 * One call from an application's {@code main} gives it {@code install | uninstall | start | stop |
 * restart | status | run} for itself, using the same manager code as the {@code svc4j} CLI:
 *
 * <pre>
 * public static void main(String[] args) {
 *   EmbeddedService.main(args, "hello-http", HelloHttpService::fromArgs);
 * }
 * </pre>
 *
 * With no subcommand, or with {@code run}, the service runs in the foreground under the detected
 * platform (console, systemd, SCM). All other arguments go to the factory.
 */
public final class EmbeddedService {

  private EmbeddedService() {}

  /** Runs the requested subcommand and exits the JVM with its exit code. */
  public static void main(String[] args, String defaultName, ServiceFactory factory) {
    System.exit(execute(args, defaultName, factory));
  }

  /** Runs the requested subcommand and returns its exit code. */
  public static int execute(String[] args, String defaultName, ServiceFactory factory) {
    throw new UnsupportedOperationException("being written by the lead");
  }
}
