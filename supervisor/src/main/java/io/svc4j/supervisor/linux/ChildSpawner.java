package io.svc4j.supervisor.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import io.svc4j.supervisor.linux.DescriptorPlacement.Move;
import io.svc4j.supervisor.posix.RunAsUser;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a supervised child with glibc's posix_spawn in one step: a new session ({@code
 * POSIX_SPAWN_SETSID}, so the child leads its own session and process group), every signal at its
 * default disposition and none blocked, stdin from /dev/null, stdout/stderr to pipes (or ours), the
 * listening sockets exactly at fds 3, 4, ... and every other descriptor closed. The program is
 * exec'd directly: no jspawnhelper, setpriv or setsid in between (each of those costs an exec, 1-4
 * ms of a restart). Steps remain only where they are needed: {@code setpriv} when the child runs as
 * another user (it drops the privileges and sets the parent-death signal after the credential
 * change), then a POSIX shell ({@code /bin/sh}, root's) that execs in place: with sockets it first
 * sets {@code LISTEN_PID} to its own pid (known only in the child), with a run-as user it looks the
 * program up on PATH as that user.
 *
 * <p>Without setpriv, the child has no parent-death signal: what kills the tree when the JVM dies
 * is the {@link OrphanGuard} (process groups and the tree's tag), as for the grandchildren.
 */
final class ChildSpawner {

  /** Runs as {@code sh -c LISTEN_STEP sh COMMAND...}: no value of ours is spliced into it. */
  static final String LISTEN_STEP = "LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"";

  /**
   * After setpriv: the program is looked up on PATH by a process that already is the run-as user,
   * which skips directories that user cannot enter (setpriv's own lookup can pick a program there,
   * e.g. a shim under root's home, which then cannot run).
   */
  static final String LOOKUP_STEP = "exec \"$@\"";

  private final ChildLauncher launcher; // setpriv's path, for a run-as user

  ChildSpawner(ChildLauncher launcher) {
    this.launcher = launcher;
  }

  /**
   * Whether this C library has every call the spawn needs (glibc 2.34+); checked once. JNA's direct
   * mapping binds all of them when {@link SpawnCalls} loads and fails as a whole if one is missing.
   */
  static boolean available() {
    return Availability.AVAILABLE;
  }

  private static final class Availability {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try {
        Class.forName(SpawnCalls.class.getName(), true, ChildSpawner.class.getClassLoader());
        return true;
      } catch (LinkageError | ClassNotFoundException e) {
        org.slf4j.LoggerFactory.getLogger(ChildSpawner.class)
            .warn(
                "posix_spawn with closefrom is not available ({}); children start through the"
                    + " JDK, setpriv and setsid",
                e.toString());
        return false;
      }
    }
  }

  /**
   * Starts {@code command} with {@code env}; {@code builder} gives the working directory and the
   * output redirects (PIPE or INHERIT; stdin is always /dev/null). {@code socketFds} go to fds 3,
   * 4, ... in order, whatever their numbers here ({@link DescriptorPlacement}). The exit is not
   * watched yet: the caller records the group first, then calls {@link SpawnedChild#watch}.
   */
  SpawnedChild spawn(
      List<String> command,
      Map<String, String> env,
      ProcessBuilder builder,
      RunAsUser user,
      List<Integer> socketFds)
      throws IOException {
    List<String> argv = new ArrayList<>(command.size() + 12);
    if (user != null) {
      argv.addAll(launcher.runAsPrefix(user).subList(0, launcher.runAsPrefix(user).size() - 1));
      argv.addAll(List.of("--pdeathsig", "KILL", "--"));
    }
    if (!socketFds.isEmpty()) {
      argv.addAll(List.of("/bin/sh", "-c", LISTEN_STEP, "sh"));
    } else if (user != null) {
      argv.addAll(List.of("/bin/sh", "-c", LOOKUP_STEP, "sh"));
    }
    argv.addAll(command);
    String program = argv.get(0);
    if (!program.contains("/")) {
      program = ChildLauncher.find(program, env.getOrDefault("PATH", ""));
      if (program == null) {
        throw new IOException("'" + argv.get(0) + "' was not found on PATH");
      }
    }
    String[] envp = new String[env.size()];
    int i = 0;
    for (var e : env.entrySet()) {
      envp[i++] = e.getKey() + "=" + e.getValue();
    }
    boolean pipeOut = builder.redirectOutput().type() == ProcessBuilder.Redirect.Type.PIPE;
    boolean pipeErr = builder.redirectError().type() == ProcessBuilder.Redirect.Type.PIPE;
    int[] out = pipeOut ? pipe() : null;
    int[] err = null;
    Memory actions = new Memory(SpawnCalls.OPAQUE_BYTES);
    Memory attributes = new Memory(SpawnCalls.OPAQUE_BYTES);
    boolean actionsInit = false;
    boolean attributesInit = false;
    InputStream stdout = null;
    InputStream stderr = null;
    boolean started = false;
    try {
      err = pipeErr ? pipe() : null;
      // Our readers, opened before the spawn: one that failed after it would leave a child
      // running that nobody reads or watches.
      stdout = out == null ? InputStream.nullInputStream() : reopen(out[0]);
      stderr = err == null ? InputStream.nullInputStream() : reopen(err[0]);
      check(SpawnCalls.posix_spawn_file_actions_init(actions), "file actions");
      actionsInit = true;
      check(SpawnCalls.posix_spawnattr_init(attributes), "attributes");
      attributesInit = true;
      if (builder.directory() != null) {
        check(
            SpawnCalls.posix_spawn_file_actions_addchdir_np(actions, builder.directory().getPath()),
            "chdir");
      }
      // Every descriptor the child gets is first copied above all of their targets, then put in
      // place (any of them may sit where another goes), then everything above is closed.
      List<Move> wanted = new ArrayList<>(socketFds.size() + 2);
      if (out != null) {
        wanted.add(new Move(out[1], 1));
      }
      if (err != null) {
        wanted.add(new Move(err[1], 2));
      }
      for (int s = 0; s < socketFds.size(); s++) {
        wanted.add(new Move(socketFds.get(s), 3 + s));
      }
      int keepBelow = 3 + socketFds.size();
      DescriptorPlacement placement = DescriptorPlacement.of(wanted, keepBelow);
      for (Move m : placement.staging()) {
        check(SpawnCalls.posix_spawn_file_actions_adddup2(actions, m.from(), m.to()), "fds");
      }
      check(
          SpawnCalls.posix_spawn_file_actions_addopen(
              actions, 0, "/dev/null", SpawnCalls.O_RDONLY, 0),
          "stdin");
      for (Move m : placement.placing()) {
        check(SpawnCalls.posix_spawn_file_actions_adddup2(actions, m.from(), m.to()), "fds");
      }
      check(SpawnCalls.posix_spawn_file_actions_addclosefrom_np(actions, keepBelow), "closefrom");
      Memory none = new Memory(SpawnCalls.OPAQUE_BYTES);
      Memory all = new Memory(SpawnCalls.OPAQUE_BYTES);
      SpawnCalls.sigemptyset(none);
      SpawnCalls.sigfillset(all);
      // glibc's sigfillset leaves out its two internal signals (32, 33), and posix_spawn then sets
      // them to SIG_IGN in the child, which an exec keeps: every child would start with them
      // ignored. Their bits are set by hand so that they start at SIG_DFL, as under systemd.
      all.setLong(0, -1L);
      check(SpawnCalls.posix_spawnattr_setsigmask(attributes, none), "signal mask");
      check(SpawnCalls.posix_spawnattr_setsigdefault(attributes, all), "signal defaults");
      check(
          SpawnCalls.posix_spawnattr_setflags(
              attributes,
              (short)
                  (SpawnCalls.POSIX_SPAWN_SETSID
                      | SpawnCalls.POSIX_SPAWN_SETSIGMASK
                      | SpawnCalls.POSIX_SPAWN_SETSIGDEF)),
          "flags");
      int[] pid = new int[1];
      int r =
          SpawnCalls.posix_spawn(
              pid,
              program,
              actions,
              attributes,
              new StringArray(argv.toArray(String[]::new), "UTF-8"),
              new StringArray(envp, "UTF-8"));
      if (r != 0) {
        throw new IOException("cannot start " + program + ": " + SpawnCalls.strerror(r));
      }
      started = true;
      return new SpawnedChild(pid[0], stdout, stderr);
    } finally {
      if (!started) {
        closeQuietly(stdout);
        closeQuietly(stderr);
      }
      if (actionsInit) {
        SpawnCalls.posix_spawn_file_actions_destroy(actions);
      }
      if (attributesInit) {
        SpawnCalls.posix_spawnattr_destroy(attributes);
      }
      closeAll(out);
      closeAll(err);
    }
  }

  private static int[] pipe() throws IOException {
    int[] fds = new int[2];
    try {
      SpawnCalls.pipe2(fds, SpawnCalls.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("pipe: " + SpawnCalls.strerror(e.getErrorCode()));
    }
    return fds;
  }

  /**
   * A FileInputStream on the read end of a pipe: the JDK has no public way to wrap a descriptor, so
   * it opens the pipe anew through /proc (a second reader of the same pipe); the caller closes the
   * original.
   */
  private static InputStream reopen(int fd) throws IOException {
    return new FileInputStream("/proc/self/fd/" + fd);
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // a pipe's read end: nothing to flush, nothing lost
      }
    }
  }

  private static void closeAll(int[] fds) {
    if (fds != null) {
      SpawnCalls.close(fds[0]);
      SpawnCalls.close(fds[1]);
    }
  }

  private static void check(int errno, String what) throws IOException {
    if (errno != 0) {
      throw new IOException(
          "cannot prepare the child's " + what + ": " + SpawnCalls.strerror(errno));
    }
  }
}
