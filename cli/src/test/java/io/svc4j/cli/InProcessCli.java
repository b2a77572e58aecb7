package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import io.svc4j.supervisor.control.ControlPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Test fixture: {@code svc4j} run in this JVM against one service manager (a fake), its output and
 * error output kept for the test to read.
 */
public final class InProcessCli {

  public final StringWriter out = new StringWriter();
  public final StringWriter err = new StringWriter();
  private final ServiceManager manager;
  private final Function<String, Path> controlSockets;

  public InProcessCli(ServiceManager manager) {
    this(manager, ControlPaths::forService);
  }

  /**
   * @param controlSockets where the control socket of each supervised service is
   */
  public InProcessCli(ServiceManager manager, Function<String, Path> controlSockets) {
    this.manager = manager;
    this.controlSockets = controlSockets;
  }

  /** {@code svc4j ARGS}: its exit code. */
  public int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            controlSockets,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }
}
