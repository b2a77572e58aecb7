package io.svc4j.supervisor;

import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.Signals;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.linux.Leftovers;
import io.svc4j.supervisor.linux.ProcInfo;
import io.svc4j.supervisor.linux.ProcTable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds and stops what a previous instance of a service left behind (see {@link Leftovers}). */
final class LeftoverCheck {

  /** What was found: marked processes of the service, and one line describing everything. */
  record Found(List<ProcInfo> marked, String text) {}

  private LeftoverCheck() {}

  /** Null when nothing is left over. */
  static Found find(SupervisorConfig config) {
    List<ProcInfo> marked = Leftovers.ofService(config.name(), Set.of());
    Set<Integer> holders = new LinkedHashSet<>();
    int port = localHealthPort(config);
    if (port > 0) {
      holders.addAll(Leftovers.listeningOn(port));
    }
    if (marked.isEmpty() && holders.isEmpty()) {
      return null;
    }
    String text =
        (marked.isEmpty()
                ? ""
                : "processes of a previous instance are still running: "
                    + marked.stream().map(p -> Leftovers.describe(p.pid())).toList())
            + (holders.isEmpty()
                ? ""
                : (marked.isEmpty() ? "" : "; ")
                    + "port "
                    + port
                    + " is already in use by "
                    + holders.stream().map(Leftovers::describe).toList());
    return new Found(marked, text);
  }

  /** TERM, then KILL after {@code patience}, to the marked processes (checked by start time). */
  static void kill(List<ProcInfo> marked, Duration patience) {
    for (int signal : new int[] {Signals.TERM, Signals.KILL}) {
      for (ProcInfo p : marked) {
        if (ProcTable.isSame(p.pid(), p.startTime())) {
          ProcessHandle.of(p.pid())
              .ifPresent(
                  h -> {
                    if (signal == Signals.KILL) {
                      h.destroyForcibly();
                    } else {
                      h.destroy();
                    }
                  });
        }
      }
      long deadline = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < deadline && marked.stream().anyMatch(LeftoverCheck::alive)) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean alive(ProcInfo p) {
    return ProcTable.read(p.pid())
        .map(q -> q.startTime() == p.startTime() && !q.isZombie())
        .orElse(false);
  }

  private static int localHealthPort(SupervisorConfig config) {
    if (config.healthCheck() == null) {
      return 0;
    }
    return switch (config.healthCheck().probe()) {
      case HealthProbe.Tcp tcp -> isLocal(tcp.host()) ? tcp.port() : 0;
      case HealthProbe.Http http -> {
        int port =
            http.url().getPort() > 0
                ? http.url().getPort()
                : "https".equals(http.url().getScheme()) ? 443 : 80;
        yield isLocal(http.url().getHost()) ? port : 0;
      }
      case HealthProbe.Command command -> 0;
    };
  }

  private static boolean isLocal(String host) {
    return host == null
        || host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.equals("0.0.0.0");
  }
}
