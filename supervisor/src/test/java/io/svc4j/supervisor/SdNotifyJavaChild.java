package io.svc4j.supervisor;

import io.svc4j.systemd.notify.SdNotify;

/**
 * A JVM child that speaks sd_notify with svc4j's own sending side: STATUS, READY, then {@code
 * args[0]} watchdog pings every 200 ms, then silence (a hang).
 */
public final class SdNotifyJavaChild {
  private SdNotifyJavaChild() {}

  public static void main(String[] args) throws Exception {
    var notify = SdNotify.fromEnvironment();
    if (!notify.isEnabled()) {
      System.exit(9);
    }
    notify.status("warming up: ünïcödé");
    notify.ready();
    for (int i = 0; i < Integer.parseInt(args[0]); i++) {
      Thread.sleep(200);
      notify.watchdog();
    }
    notify.status("stuck");
    Thread.sleep(Long.MAX_VALUE);
  }
}
