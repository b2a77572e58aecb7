package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.DirectoryTrust;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.posix.RunAsUser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Linux: each child is started by {@link ChildSpawner} (posix_spawn) as the leader of its own
 * session and carries the tree's environment tag; the supervisor is a child subreaper, so orphaned
 * grandchildren stay visible, and an {@link OrphanGuard} kills whatever of the tree is left if the
 * JVM dies. See {@link ProcessTree} for how members are found.
 */
public final class LinuxChildPlatform implements ChildPlatform {

  private static final int UID = currentUid();

  private final ChildLauncher launcher;
  private final ChildSpawner spawner;
  private final RunAsUser user;
  private final ProcessTree tree;
  private final ListenSockets sockets;
  // Written by the upkeep (the engine's scan thread) and cleared by forget (its event thread).
  private final Set<Integer> reportedStrays = ConcurrentHashMap.newKeySet();
  private volatile OrphanGuard guard;
  private final java.util.concurrent.atomic.AtomicBoolean warmedUp =
      new java.util.concurrent.atomic.AtomicBoolean();

  private LinuxChildPlatform(ChildLauncher launcher, RunAsUser user, ListenSockets sockets) {
    this.launcher = launcher;
    this.spawner = new ChildSpawner(launcher);
    this.user = user;
    this.sockets = sockets;
    this.tree = new ProcessTree(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
  }

  /** Finds setpriv/setsid and resolves the run-as user (which needs root unless it is us). */
  public static LinuxChildPlatform create(SupervisorConfig config) {
    ChildLauncher launcher = ChildLauncher.detect();
    RunAsUser user = config.runAs() == null ? null : RunAsUser.resolve(config.runAs());
    if (user != null && UID != 0 && user.uid() != UID) {
      throw new ConfigException(
          "run-as",
          "running the child as '" + user.name() + "' needs the supervisor to run as root");
    }
    return new LinuxChildPlatform(launcher, user, new ListenSockets(config.sockets()));
  }

  @Override
  public void completeEnvironment(Map<String, String> env) {
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    if (user != null) {
      env.put("USER", user.name());
      env.put("LOGNAME", user.name());
      env.put("HOME", user.home());
    }
  }

  @Override
  public void checkCommand(List<String> command, Path workingDirectory, Map<String, String> env) {
    ChildLauncher.check(command, workingDirectory, env);
  }

  /**
   * Short, as socket paths are limited to 107 bytes, and only ever writable by the supervisor's
   * user: root works in it by path (binds, chowns, deletes), so the run-as user must not be able to
   * swap a symlink in. With a run-as user: root's, group the user's, 0710 (the user may pass
   * through to its socket, not list, create, rename or delete anything). Its parent is /tmp, which
   * is sticky: nobody else can rename or remove the directory itself.
   */
  @Override
  public Path createRuntimeDirectory() throws IOException {
    Path dir = Files.createTempDirectory("svc4j-"); // 0700, a fresh random name (mkdir, no reuse)
    try {
      // The sticky /tmp is fine; a java.io.tmpdir others can write is not.
      DirectoryTrust.require(
          dir, "the supervisor's runtime files (notify sockets)", "-Djava.io.tmpdir=/tmp");
    } catch (IOException e) {
      Files.deleteIfExists(dir);
      throw e;
    }
    if (user != null && user.uid() != UID) {
      Files.setAttribute(dir, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
    }
    return dir;
  }

  @Override
  public void prepare(Path runtimeDirectory) throws IOException {
    sockets.open();
    if (guard != null && guard.isAlive()) {
      return;
    }
    Subreaper.enable();
    guard = OrphanGuard.start(tree.tagEntry(), launcher.setsid(), runtimeDirectory);
  }

  @Override
  public NotifyChannel openNotify(
      Path runtimeDirectory, int generation, Consumer<NotifyMessage> sink) throws IOException {
    NotifySocket socket =
        NotifySocket.bind(runtimeDirectory.resolve("notify-" + generation + ".sock"), sink);
    if (user != null && user.uid() != UID) {
      // Sending needs write permission on the socket (bound 0600). Safe by path: no one but us can
      // write in the directory, and NOFOLLOW_LINKS would not follow a symlink anyway.
      try {
        Files.setAttribute(socket.path(), "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
    return socket;
  }

  @Override
  public File nullDevice() {
    return new File("/dev/null");
  }

  @Override
  public Process launch(List<String> command, Map<String, String> env, ProcessBuilder builder)
      throws IOException {
    Map<String, String> tagged = new HashMap<>(env);
    tagged.put(tree.tagName(), "1");
    if (!ChildSpawner.available()) {
      return launchThroughTheJdk(command, tagged, builder);
    }
    if (!sockets.isEmpty()) {
      sockets.describe(tagged);
    }
    SpawnedChild process = spawner.spawn(command, tagged, builder, user, sockets.fds());
    // Recorded while the child is certainly unreaped (nothing waits for it yet): its group's pidfd
    // and its start time. Only then does the exit watch begin.
    int pid = (int) process.pid();
    OwnedGroup group = OwnedGroup.launched(pid);
    tree.addSession(group);
    guard.watchGroup(group.leader());
    process.watch("child-exit-" + pid);
    if (warmedUp.compareAndSet(false, true)) {
      warmUp();
    }
    return process;
  }

  /**
   * Once, shortly after the first launch: a few scans of the process table, the work that stands
   * between a child's exit and its restart. In a young JVM that code runs interpreted; scanned a
   * few times it is compiled before the first crash instead of after the third (measured: the first
   * restarts' scan took 5-10 ms, later ones 2-3 ms). A read-only scan, off the event thread.
   */
  private void warmUp() {
    Thread.ofPlatform()
        .daemon()
        .name("svc4j-warm-up")
        .start(
            () -> {
              try {
                Thread.sleep(100); // after the child's own start, not competing with it
                for (int i = 0; i < 4; i++) {
                  tree.peek();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                // only a warm-up: the real scans report their own failures
              }
            });
  }

  /**
   * Before glibc 2.34 (no posix_spawn_file_actions_addclosefrom_np): the JDK starts the child
   * through setpriv and setsid, as svc4j did before ChildSpawner; no sockets can be passed then.
   */
  private Process launchThroughTheJdk(
      List<String> command, Map<String, String> tagged, ProcessBuilder builder) throws IOException {
    if (!sockets.isEmpty()) {
      throw new IOException(
          "sockets: needs glibc 2.34 or later (posix_spawn_file_actions_addclosefrom_np); this"
              + " system's C library is older: remove sockets: or upgrade");
    }
    Process process = launcher.launch(command, tagged, builder, user);
    OwnedGroup group = OwnedGroup.launched((int) process.pid());
    tree.addSession(group);
    guard.watchGroup(group.leader());
    return process;
  }

  @Override
  public boolean treeAlive(Process child) {
    return !tree.alive().isEmpty();
  }

  @Override
  public StopOutcome stopTree(Process child, StopRequest stop) throws InterruptedException {
    var result = TreeStopper.stop(tree, child, stop.linuxSignal(), stop.timeout(), stop.name());
    return new StopOutcome(result.killed(), result.survivors());
  }

  @Override
  public boolean signal(Process child, int linuxSignal) {
    // Through the leader as launched (pidfd + start time): never a successor of its number.
    OwnedGroup group = tree.group((int) child.pid());
    return group != null && group.leader().signal(linuxSignal);
  }

  @Override
  public boolean signalTree(Process child, int linuxSignal) {
    return tree.signalAll(linuxSignal) > 0;
  }

  @Override
  public void forget(Process child) {
    tree.removeSession((int) child.pid());
    guard.forgetGroup((int) child.pid());
    guard.forgetProcesses();
    reportedStrays.clear();
  }

  /**
   * On the engine's scan thread, so possibly while the event thread launches the next child or
   * forgets the last tree: zombies of every launched leader are left to their own exit watch (not
   * just {@code child}'s, which may be the previous run's by now), and a stray reported after its
   * tree was forgotten is a dead process the guard will not find again.
   */
  @Override
  public TreeUsage upkeep(Process child, boolean measure) {
    if (child == null) {
      tree.reapZombies(tree.leaders());
      return TreeUsage.NONE;
    }
    // Scanning also remembers members, so that their zombies are recognised later.
    List<ProcInfo> members = tree.members();
    for (ProcInfo stray : tree.strays(members)) {
      if (reportedStrays.add(stray.pid())) {
        guard.watchProcess(stray.pid(), stray.startTime());
      }
    }
    // The member count is free (no read per member): the upkeep's pace depends on it.
    TreeUsage usage =
        measure
            ? sum(members)
            : new TreeUsage((int) members.stream().filter(p -> !p.isZombie()).count(), 0, 0);
    tree.reapZombies(tree.leaders());
    return usage;
  }

  @Override
  public TreeUsage usage(Process child) {
    return child == null ? TreeUsage.NONE : sum(tree.peek());
  }

  private static TreeUsage sum(List<ProcInfo> members) {
    int processes = 0;
    long rss = 0;
    double cpu = 0;
    for (ProcInfo p : members) {
      if (!p.isZombie()) {
        processes++;
        rss += ProcTable.residentBytes(p.pid());
        cpu += ProcTable.cpuSeconds(p.pid());
      }
    }
    return new TreeUsage(processes, rss, cpu);
  }

  @Override
  public boolean threadDump(Process child) throws InterruptedException {
    OwnedGroup group = tree.group((int) child.pid());
    return group != null && ThreadDumper.isJvm(child.pid()) && ThreadDumper.dump(group.leader());
  }

  @Override
  public String runHook(
      List<String> command, Map<String, String> env, Path workingDirectory, Duration timeout)
      throws InterruptedException {
    return HookRunner.run(launcher, command, env, workingDirectory, user, timeout);
  }

  @Override
  public List<String> commandPrefix() {
    return user == null ? List.of() : launcher.runAsPrefix(user);
  }

  @Override
  public Leftovers findLeftovers(String serviceName, int port) {
    // The service's own processes run as its run-as user or as the supervisor's.
    Set<Integer> uids = user == null || user.uid() == UID ? Set.of(UID) : Set.of(UID, user.uid());
    return LeftoverCheck.find(serviceName, port, uids);
  }

  @Override
  public String treeTag() {
    return tree.tagEntry();
  }

  @Override
  public void close() {
    if (guard != null) {
      guard.close();
    }
    sockets.close();
  }

  private static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
