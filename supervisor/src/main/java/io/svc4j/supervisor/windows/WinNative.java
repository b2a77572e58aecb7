package io.svc4j.supervisor.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The Kernel32 functions jna-platform does not bind: job objects, console control handlers, process
 * memory counters.
 */
interface WinNative extends StdCallLibrary {

  WinNative INSTANCE = Native.load("kernel32", WinNative.class, W32APIOptions.DEFAULT_OPTIONS);

  int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
  int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;

  /** HandlerRoutine: called on a thread the console creates in this process. */
  interface ConsoleHandler extends StdCallCallback {
    boolean invoke(int event);
  }

  boolean SetConsoleCtrlHandler(ConsoleHandler handler, boolean add);

  int GetConsoleProcessList(int[] processes, int count);

  WinNT.HANDLE CreateJobObjectW(Pointer attributes, String name);

  boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Pointer info, int length);

  boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

  boolean K32GetProcessMemoryInfo(WinNT.HANDLE process, MemoryCounters counters, int size);

  /** PROCESS_MEMORY_COUNTERS: the working set is what Linux calls the resident set. */
  @Structure.FieldOrder({
    "cb",
    "pageFaultCount",
    "peakWorkingSetSize",
    "workingSetSize",
    "quotaPeakPagedPoolUsage",
    "quotaPagedPoolUsage",
    "quotaPeakNonPagedPoolUsage",
    "quotaNonPagedPoolUsage",
    "pagefileUsage",
    "peakPagefileUsage"
  })
  final class MemoryCounters extends Structure {
    public int cb;
    public int pageFaultCount;
    public BaseTSD.SIZE_T peakWorkingSetSize;
    public BaseTSD.SIZE_T workingSetSize;
    public BaseTSD.SIZE_T quotaPeakPagedPoolUsage;
    public BaseTSD.SIZE_T quotaPagedPoolUsage;
    public BaseTSD.SIZE_T quotaPeakNonPagedPoolUsage;
    public BaseTSD.SIZE_T quotaNonPagedPoolUsage;
    public BaseTSD.SIZE_T pagefileUsage;
    public BaseTSD.SIZE_T peakPagefileUsage;
  }

  /** JOBOBJECT_EXTENDED_LIMIT_INFORMATION (with its BASIC_LIMIT and IO_COUNTERS inlined). */
  @Structure.FieldOrder({
    "perProcessUserTimeLimit",
    "perJobUserTimeLimit",
    "limitFlags",
    "minimumWorkingSetSize",
    "maximumWorkingSetSize",
    "activeProcessLimit",
    "affinity",
    "priorityClass",
    "schedulingClass",
    "readOperationCount",
    "writeOperationCount",
    "otherOperationCount",
    "readTransferCount",
    "writeTransferCount",
    "otherTransferCount",
    "processMemoryLimit",
    "jobMemoryLimit",
    "peakProcessMemoryUsed",
    "peakJobMemoryUsed"
  })
  final class ExtendedLimits extends Structure {
    public long perProcessUserTimeLimit;
    public long perJobUserTimeLimit;
    public int limitFlags;
    public BaseTSD.SIZE_T minimumWorkingSetSize;
    public BaseTSD.SIZE_T maximumWorkingSetSize;
    public int activeProcessLimit;
    public BaseTSD.ULONG_PTR affinity;
    public int priorityClass;
    public int schedulingClass;
    public long readOperationCount;
    public long writeOperationCount;
    public long otherOperationCount;
    public long readTransferCount;
    public long writeTransferCount;
    public long otherTransferCount;
    public BaseTSD.SIZE_T processMemoryLimit;
    public BaseTSD.SIZE_T jobMemoryLimit;
    public BaseTSD.SIZE_T peakProcessMemoryUsed;
    public BaseTSD.SIZE_T peakJobMemoryUsed;
  }
}
