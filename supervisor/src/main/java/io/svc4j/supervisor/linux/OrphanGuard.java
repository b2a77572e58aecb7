package io.svc4j.supervisor.linux;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell process that outlives this JVM by a moment: when the JVM dies, however it dies (kill
 * -9 included), the guard's stdin pipe reaches end-of-file and the guard SIGKILLs every process of
 * the tree, found by the tree's environment tag and by the process groups we told it about. The
 * child itself also gets SIGKILL from its parent-death signal; the guard is for the grandchildren,
 * which do not inherit that signal.
 *
 * <p>The guard runs in its own session and ignores INT/TERM/HUP/QUIT, so a Ctrl+C or a group kill
 * aimed at the supervisor does not take it down before it did its job. Only the JVM holds the write
 * end of its stdin (the JDK closes other descriptors in children), so EOF means exactly "the JVM is
 * gone or closed us".
 */
public final class OrphanGuard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OrphanGuard.class);

  // $1 = NAME=1 tag, $2 = the supervisor's runtime directory (removed at the end). Lines on stdin:
  // "+G pgid start" / "-G pgid" (process groups, with their leader's start time), "+P pid start"
  // (a member the tag and the groups would miss: left the session with a scrubbed environment),
  // "-P" (forget those). EOF: kill all of them, repeat until nothing is left.
  // A group is killed only while its number is not taken by a new process (pid = pgid with another
  // start time), and dropped once empty: its number may then go to an unrelated group. A window of
  // one shell command remains between check and kill (a shell has no pidfds).
  private static final String SCRIPT =
      """
      trap '' INT TERM HUP QUIT PIPE
      tag="$1"; rundir="$2"; groups=" "; procs=""
      while read -r op a b; do
        case "$op" in
          +G) groups="$groups$a:$b " ;;
          -G) groups=$(echo "$groups" | sed "s/ $a:[0-9]* / /") ;;
          +P) procs="$procs $a:$b" ;;
          -P) procs="" ;;
        esac
      done
      i=0
      while [ $i -lt 100 ]; do
        found=0
        for e in $groups; do
          g=${e%%:*}
          if st=$(cat "/proc/$g/stat" 2>/dev/null); then
            set -- ${st##*) }
            [ "${20}" = "${e#*:}" ] || { groups=$(echo "$groups" | sed "s/ $e / /"); continue; }
          fi
          if kill -KILL -- "-$g" 2>/dev/null; then found=1; else groups=$(echo "$groups" | sed "s/ $e / /"); fi
        done
        for f in $(grep -s -l -z -x -F -e "$tag" /proc/[0-9]*/environ); do
          p=${f#/proc/}; p=${p%/environ}
          [ "$p" = "$$" ] && continue
          kill -KILL "$p" 2>/dev/null && found=1
        done
        for e in $procs; do
          p=${e%%:*}; st=$(cat "/proc/$p/stat" 2>/dev/null) || continue
          set -- ${st##*) }
          [ "${20}" = "${e#*:}" ] && kill -KILL "$p" 2>/dev/null && found=1
        done
        [ $found = 0 ] && break
        i=$((i+1)); sleep 0.05
      done
      [ -n "$rundir" ] && rm -rf -- "$rundir"
      """;

  private final Process process;
  private final OutputStream control;

  private OrphanGuard(Process process) {
    this.process = process;
    this.control = process.getOutputStream();
  }

  /**
   * Starts a guard for the tree tagged {@code tagEntry} ({@code NAME=1}); at the end it also
   * removes {@code runtimeDir}, which a killed supervisor could not.
   */
  public static OrphanGuard start(String tagEntry, String setsid, java.nio.file.Path runtimeDir)
      throws IOException {
    var builder =
        new ProcessBuilder(
            List.of(
                setsid,
                "--",
                "/bin/sh",
                "-c",
                SCRIPT,
                "svc4j-guard",
                tagEntry,
                runtimeDir.toString()));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    // The guard must not carry the tag itself, nor hold the supervisor's notify socket.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("SVC4J_TREE_") || k.equals("NOTIFY_SOCKET"));
    return new OrphanGuard(builder.start());
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The guard will also kill the process group led by {@code leader} when the JVM dies, while its
   * number is not reused.
   */
  public synchronized void watchGroup(OwnedProcess leader) {
    if (leader.startTime() < 0) {
      return; // gone before it could be identified: nothing proves the number is the group's
    }
    send("+G " + leader.pid() + " " + leader.startTime() + "\n");
  }

  /** Group {@code pgid} is gone; its number may be reused by an unrelated process. */
  public synchronized void forgetGroup(int pgid) {
    send("-G " + pgid + "\n");
  }

  /** The guard will also kill {@code pid} if it still is the process that started then. */
  public synchronized void watchProcess(int pid, long startTime) {
    send("+P " + pid + " " + startTime + "\n");
  }

  /** Forget the processes given to {@link #watchProcess}: their tree is gone. */
  public synchronized void forgetProcesses() {
    send("-P\n");
  }

  private void send(String line) {
    try {
      control.write(line.getBytes(StandardCharsets.US_ASCII));
      control.flush();
    } catch (IOException e) {
      log.warn("The orphan guard (pid {}) is gone: {}", process.pid(), e.toString());
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Lets the guard sweep once more (the tree should already be empty) and exit. */
  @Override
  public synchronized void close() {
    try {
      control.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
