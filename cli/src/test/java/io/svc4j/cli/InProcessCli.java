package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Test fixture: {@code svc4j} run in this JVM against one service manager (a fake), its output and
 * error output kept for the test to read.
 */
public final class InProcessCli {

  public final StringWriter out = new StringWriter();
  public final StringWriter err = new StringWriter();
  private final ServiceManager manager;

  public InProcessCli(ServiceManager manager) {
    this.manager = manager;
  }

  /** {@code svc4j ARGS}: its exit code. */
  public int run(String... args) {
    var context =
        new CliContext(scope -> manager, new PrintWriter(out, true), new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }
}
