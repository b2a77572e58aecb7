package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A supervisor in a JVM of its own, for the kill -9 test: supervises a shell that forks
 * grandchildren in every way it can, writes their pids to {@code args[0]}, and once the child is
 * RUNNING and the supervisor has scanned its tree, writes {@code <jvm pid> <tree tag>} to {@code
 * args[1]}. Then it waits to be killed.
 */
public final class SupervisorMain {
  private SupervisorMain() {}

  public static void main(String[] args) throws Exception {
    Path pids = Path.of(args[0]);
    Path ready = Path.of(args[1]);
    String script =
        String.join(
            "\n",
            "sleep 600 & echo $! >> " + pids,
            "setsid sleep 601 & echo $! >> " + pids,
            "setsid env -i /bin/sleep 602 & echo $! >> " + pids,
            "sh -c 'sleep 603 & echo $! >> " + pids + "' ",
            "sh -c 'trap \"\" TERM HUP; echo $$ >> " + pids + "; while :; do sleep 0.2; done' &",
            "echo $$ >> " + pids,
            "wait");
    UnaryOperator<SupervisorConfig> options =
        c -> c.withReadiness(ReadinessSettings.uptime(Duration.ofMillis(200)));
    var supervisor = TestSupervisors.fromCommand("victim", Procs.sh(script), options);
    supervisor.startChild();
    if (!supervisor.awaitReady(Duration.ofSeconds(60))) {
      System.exit(2);
    }
    Thread.sleep(3000); // let the periodic tree scan see every grandchild once
    // The tree's tag and the runtime directory (where NOTIFY_SOCKET lives), as the child got them.
    String tag = null;
    Path runtimeDir = null;
    byte[] environ =
        Files.readAllBytes(Path.of("/proc", Long.toString(supervisor.status().pid()), "environ"));
    for (String entry : new String(environ, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
      if (entry.startsWith("SVC4J_TREE_")) {
        tag = entry;
      } else if (entry.startsWith("NOTIFY_SOCKET=")) {
        runtimeDir = Path.of(entry.substring("NOTIFY_SOCKET=".length())).getParent();
      }
    }
    Files.writeString(ready, ProcessHandle.current().pid() + " " + tag + " " + runtimeDir);
    Thread.sleep(Long.MAX_VALUE);
  }
}
