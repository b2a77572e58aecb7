package io.svc4j.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM child for tests whose shutdown hook must run on a graceful stop (the pain of WinSW/NSSM
 * users): it writes "started" to {@code args[0]}, and "hook ran" when the JVM shuts down.
 */
public final class ShutdownHookJavaChild {
  private ShutdownHookJavaChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.writeString(file, "hook ran");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
    Files.writeString(file, "started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
