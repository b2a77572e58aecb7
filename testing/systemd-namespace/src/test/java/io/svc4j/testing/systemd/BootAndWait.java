package io.svc4j.testing.systemd;

/**
 * Boots a namespace, prints systemd's PID and waits to be killed: a test kills this JVM with
 * SIGKILL to leave a stray systemd behind, as a crashed build would.
 */
public final class BootAndWait {

  private BootAndWait() {}

  public static void main(String[] args) throws Exception {
    SystemdNamespace ns = SystemdNamespace.boot();
    System.out.println("PID " + ns.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
