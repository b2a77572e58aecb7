package io.svc4j.supervisor.windows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of one child's tree on Windows: the child, its live descendants (by parent process
 * id), and every descendant seen before, remembered with its start time so that a grandchild whose
 * parent exited (Windows does not re-parent it) is still found, and a reused pid is not mistaken
 * for it. A grandchild started and orphaned between two scans is missed here; the kill-on-close job
 * still ends it with the supervisor.
 */
final class WindowsTree {

  private final Map<Long, Optional<Instant>> seen = new ConcurrentHashMap<>();

  /** Live members, the child first if alive; remembers the descendants found. */
  List<ProcessHandle> members(Process child) {
    List<ProcessHandle> out = new ArrayList<>();
    ProcessHandle root = child.toHandle();
    if (root.isAlive()) {
      out.add(root);
    }
    root.descendants()
        .forEach(
            p -> {
              seen.putIfAbsent(p.pid(), p.info().startInstant());
              out.add(p);
            });
    for (var e : seen.entrySet()) {
      if (out.stream().anyMatch(p -> p.pid() == e.getKey())) {
        continue;
      }
      ProcessHandle.of(e.getKey())
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant().equals(e.getValue()))
          .ifPresentOrElse(out::add, () -> seen.remove(e.getKey()));
    }
    return out;
  }

  void clear() {
    seen.clear();
  }
}
