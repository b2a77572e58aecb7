package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinNT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this process into a job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE. Every process it
 * starts from then on, and everything those start, is in the job too (children inherit it, and
 * nothing here asks for breakaway). Only this process holds the job's handle, so when it ends —
 * normally, by TerminateProcess, by a crash — Windows closes the handle and kills every process
 * still in the job: the Windows counterpart of the parent-death signal plus orphan guard on Linux.
 *
 * <p>The whole process joins, rather than each child after its start, because a child may start
 * grandchildren before it could be assigned. The handle is never closed while the process lives:
 * that would kill the process itself. Nested jobs (Windows 8+) let this work even when the service
 * was started inside another job.
 */
final class KillOnCloseJob {

  private static final Logger log = LoggerFactory.getLogger(KillOnCloseJob.class);
  private static WinNT.HANDLE job; // held for the life of the process, on purpose

  private KillOnCloseJob() {}

  /** Joins the job once per process; false (logged) when Windows refused. */
  static synchronized boolean join() {
    if (job != null) {
      return true;
    }
    WinNative nat = WinNative.INSTANCE;
    WinNT.HANDLE created = nat.CreateJobObjectW(null, null);
    if (created == null) {
      return refused("CreateJobObject");
    }
    var limits = new WinNative.ExtendedLimits();
    limits.limitFlags = WinNative.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    limits.write();
    if (!nat.SetInformationJobObject(
            created,
            WinNative.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
            limits.getPointer(),
            limits.size())
        || !nat.AssignProcessToJobObject(created, Kernel32.INSTANCE.GetCurrentProcess())) {
      String why = Kernel32Util.getLastErrorMessage();
      Kernel32.INSTANCE.CloseHandle(created);
      log.warn(
          "Cannot put the supervisor into a kill-on-close job object ({}): if it is terminated,"
              + " its children will outlive it",
          why);
      return false;
    }
    job = created;
    return true;
  }

  private static boolean refused(String call) {
    log.warn(
        "{} failed ({}): if the supervisor is terminated, its children will outlive it",
        call,
        Kernel32Util.getLastErrorMessage());
    return false;
  }
}
