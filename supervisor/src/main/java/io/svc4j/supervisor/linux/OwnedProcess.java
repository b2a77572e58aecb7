package io.svc4j.supervisor.linux;

/**
 * One process as the supervisor saw it: its pid and its start time (clock ticks after boot, from
 * {@code /proc/PID/stat}). A pid alone is no identity: once the process is reaped, the kernel may
 * hand the number to any new process, of any user. {@link #signal} only ever reaches this very
 * process.
 */
public record OwnedProcess(int pid, long startTime) {

  /** The process that has number {@code pid} now, or null if there is none. */
  public static OwnedProcess current(int pid) {
    return ProcTable.read(pid).map(p -> new OwnedProcess(pid, p.startTime())).orElse(null);
  }

  public static OwnedProcess of(ProcInfo p) {
    return new OwnedProcess(p.pid(), p.startTime());
  }

  /**
   * Sends {@code signal} if, and only if, number {@code pid} still belongs to the process that
   * started at {@code startTime}.
   *
   * <p>With pidfds the check has no window: the pidfd is opened first, the start time read second,
   * and a last probe through the pidfd proves that its process was not reaped meanwhile, so the
   * start time read was its own; the signal then goes through the pidfd, which cannot reach a
   * successor. Without pidfds (Linux before 5.3), the window is the time between two syscalls.
   *
   * @return whether the signal was delivered to it
   */
  public boolean signal(int signal) {
    Pidfd fd = Pidfd.open(pid);
    if (fd == null) {
      return !Pidfd.supported() && isSame() && LibC.INSTANCE.kill(pid, signal) == 0;
    }
    try (fd) {
      return isSame() && fd.signal(0) && fd.signal(signal);
    }
  }

  /** Whether number {@code pid} belongs to this process now (alive or a zombie). */
  public boolean isSame() {
    return ProcTable.isSame(pid, startTime);
  }
}
