package io.svc4j.supervisor.os;

import io.svc4j.supervisor.config.WindowsStopEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the supervisor needs from the operating system to run one child and everything it spawns: a
 * launch after which the whole tree can be found and ended, a graceful stop then a forced one, a
 * notify channel, hooks, usage figures, and the promise that no process of the tree outlives the
 * supervisor however it dies. The supervisor's engine ({@code Supervisor}) holds no OS-specific
 * code; it calls this SPI from its event thread (launches), its stop thread (stops) and its scan
 * thread ({@link #upkeep}, {@link #treeAlive}, {@link #findLeftovers}: they read the process table,
 * and a read of /proc/PID/environ can block while that process's memory map is locked, so the event
 * thread never calls them; they must be safe alongside a launch or {@link #forget}).
 *
 * <p>One implementation per OS, each registered through {@link ChildPlatformProvider} and found by
 * {@link ChildPlatforms#forThisHost}: {@code linux.LinuxChildPlatform} (sessions, an environment
 * tag, a parent-death signal and an orphan guard) and {@code windows.WindowsChildPlatform} (a job
 * object that kills on close, console control events, WM_CLOSE). This package names neither: the
 * engine is handed its platform, and tests hand it a fake.
 */
public interface ChildPlatform extends AutoCloseable {

  /**
   * Every process of a service carries {@code SVC4J_SERVICE=<name>} in its environment, across
   * supervisor instances: how leftovers of a previous instance are recognised.
   */
  String SERVICE_VARIABLE = "SVC4J_SERVICE";

  /**
   * Creates {@code dir} where svc4j keeps files others must not plant (logs, operator-stop marks)
   * and refuses it, with {@code io.svc4j.supervisor.logs.UnsafeDirectoryException} (one line, with
   * the fix), when others may write to it. Windows needs this (%ProgramData% lets every user create
   * there); POSIX checks its log directories itself, so the default does nothing.
   */
  default void secureDirectory(Path dir, String role) throws IOException {}

  /** Whether the child can be sent a signal for a reload ({@link #signal}); not on Windows. */
  default boolean hasSignals() {
    return true;
  }

  /**
   * Whether a supervisor may run without its control channel when the socket cannot be served
   * (Windows before 10 1803, and Wine, have no AF_UNIX); elsewhere that is an error.
   */
  default boolean controlChannelOptional() {
    return false;
  }

  /** Adds what the child's environment needs on this OS (a PATH, the run-as user's HOME). */
  void completeEnvironment(Map<String, String> env);

  /**
   * Checks that the program can be found and executed with {@code env}'s PATH and that the working
   * directory exists; throws a ConfigException naming the setting otherwise.
   */
  void checkCommand(List<String> command, Path workingDirectory, Map<String, String> env);

  /** A private directory for this supervisor's runtime files (notify endpoints). */
  Path createRuntimeDirectory() throws IOException;

  /**
   * Makes sure whatever ends the tree when the supervisor dies is in place (idempotent, called
   * before every launch).
   */
  void prepare(Path runtimeDirectory) throws IOException;

  /** Opens a notify endpoint for one run; the child gets its address as NOTIFY_SOCKET. */
  NotifyChannel openNotify(Path runtimeDirectory, int generation, Consumer<NotifyMessage> sink)
      throws IOException;

  /** What the child's stdin reads from: nothing. */
  File nullDevice();

  /** Starts the child's tree; {@code builder} has its directory and redirects set. */
  Process launch(List<String> command, Map<String, String> env, ProcessBuilder builder)
      throws IOException;

  /** Whether any process of the tree of {@code child} is still alive (the child included). */
  boolean treeAlive(Process child);

  /**
   * Stops the tree of {@code child}: the graceful event of {@code stop}, up to its timeout for
   * every process of the tree to end, then a forced kill of what is left. On the stop thread.
   */
  StopOutcome stopTree(Process child, StopRequest stop) throws InterruptedException;

  /**
   * Sends {@code linuxSignal} to the child's main process only (not its tree), as a reload does.
   *
   * @return false where the OS has no signals (Windows)
   */
  default boolean signal(Process child, int linuxSignal) {
    return false;
  }

  /**
   * Sends {@code linuxSignal} to every process of the child's tree (SIGSTOP/SIGCONT for a pause).
   *
   * @return false where the OS has no signals (Windows)
   */
  default boolean signalTree(Process child, int linuxSignal) {
    return false;
  }

  /** The tree of {@code child} is gone: forget it (its ids may be reused from now on). */
  void forget(Process child);

  /**
   * Periodic upkeep while {@code child} (null: none) runs: finds members that left the tree's usual
   * markers, reaps zombies; with {@code measure}, also returns the tree's usage from that same
   * scan, else only its count of live processes (reading every member's figures costs I/O nobody
   * asked for; the count sets how often the upkeep runs, see the engine's UpkeepSchedule).
   */
  TreeUsage upkeep(Process child, boolean measure);

  /** The tree's usage now, without side effects: safe from any thread. */
  TreeUsage usage(Process child);

  /**
   * Asks a hung JVM child to print its thread stacks to its own stdout (the captured log) before it
   * is stopped: SIGQUIT on Linux, CTRL_BREAK on Windows. Runs no program: the supervisor may be
   * root and the child's files the child's user's.
   *
   * @return whether it was asked (false: not a JVM, or already gone)
   */
  boolean threadDump(Process child) throws InterruptedException;

  /**
   * Runs a hook to completion or to {@code timeout}, then ends whatever it left running.
   *
   * @return null on success, else why it failed
   */
  String runHook(
      List<String> command, Map<String, String> env, Path workingDirectory, Duration timeout)
      throws InterruptedException;

  /** What a health-check command is prefixed with (the run-as switch), or nothing. */
  List<String> commandPrefix();

  /**
   * Processes of a previous instance of the service, or a listener on {@code port} (0: none), found
   * before the first launch; null when there are none.
   */
  Leftovers findLeftovers(String serviceName, int port);

  /** The environment entry (NAME=1) every process of this supervisor's trees carries. */
  String treeTag();

  /** Releases what {@link #prepare} set up, where that is safe. */
  @Override
  void close();

  /** How to stop: the Linux signal, the Windows event, and the timeout before the forced kill. */
  record StopRequest(
      int linuxSignal, WindowsStopEvent windowsEvent, Duration timeout, String name) {}

  /** Whether the forced kill was needed, and how many processes survived even that. */
  record StopOutcome(boolean killed, int survivors) {}

  /** The tree's processes (zombies excluded), resident memory and CPU time. */
  record TreeUsage(int processes, long residentBytes, double cpuSeconds) {
    public static final TreeUsage NONE = new TreeUsage(0, 0, 0);
  }

  /** What a previous instance left: one line for the log, and how to stop it. */
  interface Leftovers {
    String describe();

    /** Ends the processes of the previous instance, gracefully then by force after patience. */
    void kill(Duration patience);
  }
}
