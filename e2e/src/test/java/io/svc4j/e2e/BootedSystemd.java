package io.svc4j.e2e;

import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.testing.systemd.SystemdNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the e2e test classes that run against one real systemd booted for the whole class (in
 * private namespaces: testing/systemd-namespace) with svc4j's CLI inside it, powered off after the
 * class. A subclass's own {@code @BeforeAll} runs after the boot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BootedSystemd {

  SystemdNamespace ns;
  Svc4jCli svc4j;

  /**
   * Called before the boot, after svc4j.jar was found: a class that needs another jar of the build
   * asks for it here, so that a missing one fails the class before a systemd is booted for it.
   */
  void requireJars() throws Exception {}

  @BeforeAll
  final void boot() throws Exception {
    E2eEnvironment.cliJar();
    requireJars();
    ns = SystemdNamespace.boot();
    svc4j = new Svc4jCli(ns);
  }

  @AfterAll
  final void powerOff() {
    if (ns != null) {
      ns.close();
    }
  }
}
