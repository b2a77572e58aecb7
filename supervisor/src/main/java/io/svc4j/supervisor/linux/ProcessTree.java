package io.svc4j.supervisor.linux;

import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All processes that belong to one supervised child, however far they strayed. A process is a
 * member when any of these holds:
 *
 * <ul>
 *   <li>it is in the session or process group of a child we launched (each child is a session
 *       leader, started through {@code setsid}), while that number provably still is that group
 *       ({@link OwnedGroup}: once the leader is reaped and the group empty, the number may be any
 *       new process's);
 *   <li>its initial environment carries this tree's tag {@code SVC4J_TREE_<id>=1} (inherited by
 *       every descendant that does not scrub its environment; this catches grandchildren that
 *       called setsid themselves and were reparented);
 *   <li>its parent is a member;
 *   <li>it was seen as a member before (pid + start time), which identifies zombies, whose
 *       environment is gone.
 * </ul>
 *
 * A descendant that both leaves the session and scrubs its environment before we ever scanned it
 * escapes; that takes a cgroup (systemd's KillMode=control-group) to catch, and is documented.
 *
 * <p>Signals never go to a bare number: groups through {@link OwnedGroup}, single members through
 * {@link OwnedProcess} (the pid and the start time this scan saw).
 */
public final class ProcessTree {

  private final int self = LibC.INSTANCE.getpid();
  private final String tagName;
  private final byte[] tagEntry;
  // Launched leaders by pid. A number counts for membership and group signals only while its
  // OwnedGroup proves it still is that group (a reaped leader's number may be reused).
  private final Map<Integer, OwnedGroup> sessions = new ConcurrentHashMap<>();
  private final Map<Integer, Long> known = new ConcurrentHashMap<>();
  // The tag is new with this tree, so only processes started since can carry it: a scan reads the
  // environment (its costliest part) of those only, not of every process on the host.
  private final long born = ProcTable.ticksSinceBoot();
  // Processes whose environment was read and does not carry the tag (pid -> start time). A
  // process's initial environment changes only when it execs, and an unrelated process does not
  // exec with our random tag, so it is not read again at the next scan (on a busy host that is
  // most of a scan's cost, paid at every exit of the child before its restart).
  private final Map<Integer, Long> untagged = new ConcurrentHashMap<>();

  public ProcessTree(String id) {
    if (!id.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("tree id must be alphanumeric: " + id);
    }
    this.tagName = "SVC4J_TREE_" + id;
    this.tagEntry = (tagName + "=1").getBytes(StandardCharsets.US_ASCII);
  }

  /** The environment variable every child gets (value "1"). */
  public String tagName() {
    return tagName;
  }

  /** {@code NAME=1}, for the orphan guard. */
  public String tagEntry() {
    return new String(tagEntry, StandardCharsets.US_ASCII);
  }

  /** A child was launched as leader of session (and group) {@code pid}. */
  public void addSession(int pid) {
    addSession(OwnedGroup.launched(pid));
  }

  /** A group known by its leader's pidfd (call right after the launch). */
  void addSession(OwnedGroup group) {
    OwnedGroup before = sessions.put(group.pgid(), group);
    if (before != null) {
      before.close();
    }
  }

  /** Its tree is gone; the id may be reused by an unrelated process from now on. */
  public void removeSession(int pid) {
    OwnedGroup group = sessions.remove(pid);
    if (group != null) {
      group.close();
    }
  }

  /**
   * The pids of the launched leaders not forgotten yet: their exits are watched by whoever launched
   * them (the JDK, or ChildSpawner's waitpid), so they are never reaped here.
   */
  public Set<Integer> leaders() {
    return Set.copyOf(sessions.keySet());
  }

  /** The group launched with leader {@code pid}, or null. */
  OwnedGroup group(int pid) {
    return sessions.get(pid);
  }

  /** The launched groups whose numbers provably are still theirs. */
  private Set<Integer> provenGroups() {
    Set<Integer> ours = new HashSet<>();
    for (OwnedGroup g : sessions.values()) {
      if (g.isOurs()) {
        ours.add(g.pgid());
      }
    }
    return ours;
  }

  /** Current members, zombies included, never this JVM; remembers them (for zombies, strays). */
  public List<ProcInfo> members() {
    return scan(true);
  }

  /** Like {@link #members()}, without remembering anything: safe from any thread. */
  public List<ProcInfo> peek() {
    return scan(false);
  }

  private List<ProcInfo> scan(boolean remember) {
    List<ProcInfo> all = ProcTable.all();
    // Checked after reading the table: a group still ours now was ours during the read.
    Set<Integer> ours = provenGroups();
    Map<Integer, List<ProcInfo>> byParent = new HashMap<>();
    ArrayDeque<ProcInfo> queue = new ArrayDeque<>();
    Set<Integer> seen = new HashSet<>();
    for (ProcInfo p : all) {
      byParent.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
      if (p.pid() == self) {
        continue;
      }
      Long knownStart = known.get(p.pid());
      boolean member =
          ours.contains(p.sid())
              || ours.contains(p.pgid())
              || (knownStart != null && knownStart == p.startTime())
              || (!p.isZombie() && p.startTime() >= born && tagged(p));
      if (member && seen.add(p.pid())) {
        queue.add(p);
      }
    }
    List<ProcInfo> members = new ArrayList<>();
    while (!queue.isEmpty()) {
      ProcInfo p = queue.removeFirst();
      members.add(p);
      for (ProcInfo c : byParent.getOrDefault(p.pid(), List.of())) {
        if (c.pid() != self && seen.add(c.pid())) {
          queue.add(c);
        }
      }
    }
    if (remember) {
      Set<Integer> present = new HashSet<>();
      for (ProcInfo p : all) {
        present.add(p.pid());
      }
      untagged.keySet().retainAll(present);
      known.keySet().retainAll(seen);
      for (ProcInfo p : members) {
        known.put(p.pid(), p.startTime());
      }
    }
    return members;
  }

  /** Whether {@code p}'s initial environment carries the tag; remembers a clear no. */
  private boolean tagged(ProcInfo p) {
    Long start = untagged.get(p.pid());
    if (start != null && start == p.startTime()) {
      return false;
    }
    ProcTable.EnvMatch match = ProcTable.envEntry(p.pid(), tagEntry);
    if (match == ProcTable.EnvMatch.ABSENT) {
      untagged.put(p.pid(), p.startTime());
    }
    return match == ProcTable.EnvMatch.PRESENT;
  }

  /**
   * Live members that neither the launched groups nor the environment tag cover: they left the
   * session and scrubbed their environment. Only these need tracking by pid.
   */
  public List<ProcInfo> strays(List<ProcInfo> members) {
    return members.stream()
        .filter(p -> !p.isZombie())
        .filter(p -> !sessions.containsKey(p.sid()) && !sessions.containsKey(p.pgid()))
        .filter(p -> !ProcTable.hasEnvEntry(p.pid(), tagEntry))
        .toList();
  }

  /** Members that are still alive (not zombies). */
  public List<ProcInfo> alive() {
    return members().stream().filter(p -> !p.isZombie()).toList();
  }

  /**
   * Sends {@code signal} to the launched groups and to every live member.
   *
   * @return how many live members there were
   */
  public int signalAll(int signal) {
    // Scan before signalling: once a parent dies its children are reparented and no longer
    // reachable through it; scanning first records them (pid + start time) as members.
    List<ProcInfo> live = alive();
    Set<Integer> signalled = new HashSet<>();
    for (OwnedGroup group : sessions.values()) {
      // Never kill(-pgid) by number: only a group proven to be the one we launched.
      if (group.signal(signal)) {
        signalled.add(group.pgid());
      }
    }
    for (ProcInfo p : live) {
      // The group signal reached group members already: a second TERM/INT makes many programs
      // (Node, Go servers, JVM tools) skip their graceful shutdown and exit at once.
      if (signalled.contains(p.pgid())) {
        continue;
      }
      // Only the very process that was scanned, never a successor that got its pid.
      OwnedProcess.of(p).signal(signal);
    }
    return live.size();
  }

  /**
   * SIGKILLs every member until none is alive, for at most {@code patience}. Repeats because a
   * member may fork while we kill. Never reaps {@code javaOwned}: taking a JDK-launched child's
   * exit status away from the JDK makes it report 0.
   *
   * @return how many members were still alive at the end (0 = success)
   */
  public int killAll(Duration patience, Set<Integer> javaOwned) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      int live = signalAll(9);
      reapZombies(javaOwned);
      if (live == 0) {
        return 0;
      }
      if (System.nanoTime() > deadline) {
        return alive().size();
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits for members reparented to this JVM (PR_SET_CHILD_SUBREAPER) that died, so that they do
   * not stay zombies. Never touches {@code javaOwned}: the JDK waits for the processes it launched.
   */
  public void reapZombies(Set<Integer> javaOwned) {
    List<Integer> children = ProcTable.childrenOfSelf();
    if (children.isEmpty()) {
      return;
    }
    Set<Integer> groups = null;
    for (int pid : children) {
      if (javaOwned.contains(pid)) {
        continue;
      }
      var info = ProcTable.read(pid);
      if (info.isEmpty() || !info.get().isZombie()) {
        continue;
      }
      ProcInfo p = info.get();
      Long knownStart = known.get(pid);
      if (groups == null) {
        groups = provenGroups();
      }
      boolean ours =
          groups.contains(p.sid())
              || groups.contains(p.pgid())
              || (knownStart != null && knownStart == p.startTime());
      if (ours) {
        LibC.INSTANCE.waitpid(pid, new IntByReference(), LibC.WNOHANG);
        known.remove(pid);
      }
    }
  }
}
