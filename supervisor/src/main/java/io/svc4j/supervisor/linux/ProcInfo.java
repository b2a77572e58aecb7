package io.svc4j.supervisor.linux;

/**
 * One line of the process table, from {@code /proc/<pid>/stat}.
 *
 * @param startTime clock ticks after boot when it started: with the pid, identifies the process
 *     across pid reuse
 */
public record ProcInfo(int pid, int ppid, int pgid, int sid, char state, long startTime) {

  public boolean isZombie() {
    return state == 'Z' || state == 'X';
  }
}
