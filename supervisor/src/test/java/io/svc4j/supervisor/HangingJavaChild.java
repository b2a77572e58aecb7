package io.svc4j.supervisor;

/**
 * A JVM child for tests: reports READY=1 through a python3 helper (the JDK cannot send Unix
 * datagrams), then never pings its watchdog, like a deadlocked server.
 */
public final class HangingJavaChild {
  private HangingJavaChild() {}

  public static void main(String[] args) throws Exception {
    var send =
        "import os, socket\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.sendto(b'READY=1\\nSTATUS=java child up', os.environ['NOTIFY_SOCKET'])\n";
    new ProcessBuilder("python3", "-c", send).inheritIO().start().waitFor();
    parkForever();
  }

  private static void parkForever() throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }
}
