package io.svc4j.supervisor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.linux.OwnedProcess;
import io.svc4j.supervisor.linux.ProcTable;
import io.svc4j.supervisor.linux.ProcessTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, point 7: once a process (or the leader of a process group) was reaped, its number may
 * belong to any new process of any user. The supervisor must never signal a number it cannot prove
 * is still its own. Reproduced with real pid reuse ({@link PidReuse}).
 */
class PidReuseAttackTest {

  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;

  /** A session and group leader (setsid execs in place), reaped; its pid is free again. */
  private static int reapedLeader(ProcessTree tree) throws Exception {
    Process leader = new ProcessBuilder("setsid", "sleep", "600").start();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> ProcTable.read((int) leader.pid()).map(p -> p.sid() == p.pid()).orElse(false));
    tree.addSession((int) leader.pid());
    leader.destroyForcibly();
    leader.waitFor(); // the JDK reaps it: the number is free
    return (int) leader.pid();
  }

  /** An unrelated session leader that got pid {@code pid}. */
  private static PidReuse.Reused victimAt(int pid) throws Exception {
    PidReuse.Reused victim = PidReuse.spawn(pid, List.of("sleep", "600"));
    if (victim != null) {
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> ProcTable.read(pid).map(p -> p.sid() == pid).orElse(false));
    }
    return victim;
  }

  private static ProcessTree newTree() {
    return new ProcessTree("sec" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  @Test
  void aReapedLeadersGroupNumberTakenByAnotherSessionIsNeitherAMemberNorSignalled()
      throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      ProcessTree tree = newTree();
      int pid = reapedLeader(tree);
      PidReuse.Reused victim = victimAt(pid);
      if (victim == null) {
        continue; // the pid went to another process meanwhile: try with a new one
      }
      try {
        assertThat(tree.alive()).extracting(p -> p.pid()).doesNotContain(pid);
        tree.signalAll(SIGTERM);
        assertThat(tree.killAll(Duration.ofMillis(200), Set.of())).isZero();
        assertThat(victim.helper().waitFor(500, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(ProcTable.read(pid)).hasValueSatisfying(p -> assertThat(p.isZombie()).isFalse());
        return;
      } finally {
        victim.helper().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    throw new AssertionError("could not get a freed pid reused in 5 attempts");
  }

  @Test
  void aReapedProcessesPidTakenByAnotherProcessIsNotSignalled() throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      Process gone = new ProcessBuilder("sleep", "600").start();
      OwnedProcess seen = OwnedProcess.current((int) gone.pid());
      assertThat(seen).isNotNull();
      gone.destroyForcibly();
      gone.waitFor();
      PidReuse.Reused victim = PidReuse.spawn(seen.pid(), List.of("sleep", "600"));
      if (victim == null) {
        continue;
      }
      try {
        await().atMost(10, TimeUnit.SECONDS).until(() -> ProcTable.read(seen.pid()).isPresent());
        assertThat(seen.signal(SIGKILL)).isFalse();
        assertThat(victim.helper().waitFor(500, TimeUnit.MILLISECONDS)).isFalse();
        // The victim's own identity is signalled: the guard is not simply refusing everything.
        assertThat(OwnedProcess.current(seen.pid()).signal(SIGKILL)).isTrue();
        assertThat(victim.helper().waitFor(10, TimeUnit.SECONDS)).isTrue();
        return;
      } finally {
        victim.helper().destroyForcibly();
      }
    }
    throw new AssertionError("could not get a freed pid reused in 5 attempts");
  }

  @Test
  void aSupervisorCleaningUpAfterItsChildNeverKillsTheSessionThatGotTheChildsPid(@TempDir Path tmp)
      throws Exception {
    Path strayPid = tmp.resolve("stray");
    // The child starts a helper in a session of its own that ignores TERM, and exits at once: the
    // supervisor stops the helper (tree cleanup) and waits out the stop timeout. Meanwhile the
    // child's pid, which was its session's and group's number, goes to an unrelated session.
    Path leaderPid = tmp.resolve("leader");
    String child =
        "echo $$ > "
            + leaderPid
            + "; setsid sh -c 'trap \"\" TERM; echo $$ > "
            + strayPid
            + "; exec sleep 600' & while [ ! -s "
            + strayPid
            + " ]; do sleep 0.01; done; exit 0";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(8)));
    PidReuse.Reused victim = null;
    try (var supervisor =
        TestSupervisors.fromCommand("sec-reuse", List.of("sh", "-c", child), options)) {
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.STOPPING);
      int leader = Integer.parseInt(Files.readString(leaderPid).strip());
      int stray = Integer.parseInt(Files.readString(strayPid).strip());
      // The child is reaped and no process holds its number as a group or session any more.
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(
              () ->
                  ProcTable.read(leader).isEmpty()
                      && ProcTable.all().stream()
                          .noneMatch(p -> p.pgid() == leader || p.sid() == leader));
      victim = PidReuse.spawn(leader, List.of("sleep", "600"));
      assertThat(victim).as("pid %d was free", leader).isNotNull();
      int reused = leader;
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> ProcTable.read(reused).map(p -> p.sid() == reused).orElse(false));
      // Still before the SIGKILL round (the old code sent it to the group by number).
      assertThat(supervisor.status().state()).isEqualTo(ChildState.STOPPING);
      // The stop runs its course: TERM ignored, SIGKILL at the timeout, to the helper only.
      await().atMost(30, TimeUnit.SECONDS).until(() -> supervisor.status().state().isFinal());
      assertThat(ProcTable.read(stray).map(p -> !p.isZombie()).orElse(false)).isFalse();
      assertThat(victim.helper().isAlive()).isTrue();
      assertThat(ProcTable.read(reused))
          .hasValueSatisfying(p -> assertThat(p.isZombie()).isFalse());
    } finally {
      if (victim != null) {
        victim.helper().destroyForcibly();
        ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** A leader that started one member in its group; the member's pid. */
  private static int leaderWithMember(ProcessTree tree, Process leader) throws Exception {
    int member =
        Integer.parseInt(
            new java.io.BufferedReader(new java.io.InputStreamReader(leader.getInputStream()))
                .readLine()
                .strip());
    tree.addSession((int) leader.pid());
    return member;
  }

  private static void killedAloneAndReaped(Process leader, int member) throws Exception {
    leader.destroyForcibly();
    leader.waitFor();
    assertThat(ProcTable.read(member))
        .hasValueSatisfying(p -> assertThat(p.pgid()).isEqualTo((int) leader.pid()));
  }

  private static void stopsIt(ProcessTree tree, int member) {
    try {
      assertThat(tree.alive()).extracting(p -> p.pid()).contains(member);
      tree.signalAll(SIGTERM);
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> ProcTable.read(member).map(p -> p.isZombie()).orElse(true));
    } finally {
      ProcessHandle.of(member).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aGroupWhoseLeaderWasReapedIsStillStopped() throws Exception {
    // As in the supervisor: the tree was scanned while the leader lived (every 5 s, and first
    // thing in a stop), so the member is known by pid and start time on any kernel.
    ProcessTree tree = newTree();
    Process leader = new ProcessBuilder("setsid", "sh", "-c", "sleep 600 & echo $!; wait").start();
    int member = leaderWithMember(tree, leader);
    assertThat(tree.members()).extracting(p -> p.pid()).contains(member);
    killedAloneAndReaped(leader, member);
    stopsIt(tree, member);
  }

  @Test
  void onLinux69AGroupWhoseLeaderWasReapedIsFoundAndStoppedThroughTheLeadersPidfd()
      throws Exception {
    String[] version = System.getProperty("os.version").split("[.-]");
    int major = Integer.parseInt(version[0]);
    int minor = Integer.parseInt(version[1]);
    assumeTrue(major > 6 || (major == 6 && minor >= 9), "PIDFD_SIGNAL_PROCESS_GROUP: Linux 6.9+");
    // Never scanned before the leader was reaped: only the group, reached through the leader's
    // pidfd, proves the member's pgid still is the launched group.
    ProcessTree tree = newTree();
    Process leader = new ProcessBuilder("setsid", "sh", "-c", "sleep 600 & echo $!; wait").start();
    int member = leaderWithMember(tree, leader);
    killedAloneAndReaped(leader, member);
    stopsIt(tree, member);
  }
}
