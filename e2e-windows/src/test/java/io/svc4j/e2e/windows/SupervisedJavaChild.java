package io.svc4j.e2e.windows;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Java program the Wine test supervises: records its pid and its parent's (the supervisor),
 * reports READY through the supervisor's notify pipe (NOTIFY_SOCKET), and has a shutdown hook that
 * leaves a file behind: the hook runs only when the JVM is stopped the orderly way (CTRL_C), never
 * when it is terminated.
 */
public final class SupervisedJavaChild {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long pid = ProcessHandle.current().pid();
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.writeString(dir.resolve("hook-" + pid), "shutdown hook ran");
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    Files.writeString(dir.resolve("child-" + pid), pid + " " + parent);
    String notify = System.getenv("NOTIFY_SOCKET");
    if (notify == null) {
      throw new IllegalStateException("no NOTIFY_SOCKET: the supervisor gave no notify channel");
    }
    // One write is one message on the message-mode pipe.
    try (var pipe = new FileOutputStream(notify)) {
      pipe.write(("READY=1\nSTATUS=serving as pid " + pid + "\n").getBytes(StandardCharsets.UTF_8));
    }
    System.out.println("child " + pid + " ready");
    Thread.sleep(Long.MAX_VALUE);
  }
}
