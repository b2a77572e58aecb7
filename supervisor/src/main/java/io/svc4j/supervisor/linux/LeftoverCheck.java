package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.Signals;
import io.svc4j.supervisor.os.ChildPlatform;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds and stops what a previous instance of a service left behind (see {@link Leftovers}). */
final class LeftoverCheck {

  /** What was found: marked processes of the service, and one line describing everything. */
  record Found(List<ProcInfo> marked, String text) implements ChildPlatform.Leftovers {
    @Override
    public String describe() {
      return text;
    }

    /** Only the marked processes: a port holder may be anything, and is only reported. */
    @Override
    public void kill(Duration patience) {
      LeftoverCheck.kill(marked, patience);
    }
  }

  private LeftoverCheck() {}

  /** Null when nothing is left over; only processes running as one of {@code uids} count. */
  static Found find(String service, int port, Set<Integer> uids) {
    List<ProcInfo> marked = Leftovers.ofService(service, Set.of(), uids);
    Set<Integer> holders = new LinkedHashSet<>();
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
        OwnedProcess.of(p).signal(signal); // that very process, never a successor of its pid
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
}
