package io.svc4j.e2e.cli;

import io.svc4j.e2e.E2eEnvironment;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.util.ArrayList;
import java.util.List;

/** Runs dist/svc4j.jar inside a systemd namespace, exactly as an operator would run it as root. */
public final class Svc4jCli {

  private final SystemdNamespace ns;
  private final String jar;

  /** Uses a copy of dist/svc4j.jar in the namespace's directory, immune to rebuilds of dist/. */
  public Svc4jCli(SystemdNamespace ns) {
    this.ns = ns;
    this.jar = E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString();
  }

  /** {@code java -jar dist/svc4j.jar ARGS...} inside the namespace. */
  public ExecResult run(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(E2eEnvironment.java().toString());
    argv.add("-jar");
    argv.add(jar);
    argv.addAll(List.of(args));
    return ns.exec(argv.toArray(String[]::new));
  }

  /** {@code java -jar svc4j.jar ARGS...} inside the namespace as the unprivileged user nobody. */
  public ExecResult runAsNobody(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--reset-env",
                E2eEnvironment.java().toString(),
                "-jar",
                jar));
    argv.addAll(List.of(args));
    return ns.exec(argv.toArray(String[]::new));
  }

  /** Starts the CLI without waiting, for commands whose effect the test watches while it runs. */
  public Process spawn(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(E2eEnvironment.java().toString());
    argv.add("-jar");
    argv.add(jar);
    argv.addAll(List.of(args));
    return ns.spawn(argv.toArray(String[]::new));
  }
}
