package io.svc4j.supervisor.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads Linux's process table from /proc. Processes vanish while we read; that is not an error. */
public final class ProcTable {

  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /** Every process visible now. */
  public static List<ProcInfo> all() {
    // Plain java.io and byte parsing: this runs at every exit of a child, before its restart, often
    // before the JIT compiled it, and the NIO path (a Path and a String per file) cost a few ms.
    String[] names = PROC.toFile().list();
    if (names == null) {
      throw new IllegalStateException("cannot list /proc");
    }
    List<ProcInfo> out = new ArrayList<>(names.length);
    for (String name : names) {
      if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
        read(Integer.parseInt(name)).ifPresent(out::add);
      }
    }
    return out;
  }

  /** One process, or empty if it is gone. */
  public static Optional<ProcInfo> read(int pid) {
    byte[] stat = new byte[1024];
    int length;
    try (var in = new FileInputStream("/proc/" + pid + "/stat")) {
      length = in.readNBytes(stat, 0, stat.length);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    // The command name in parentheses may itself contain spaces and ')'; fields follow the last.
    int close = length - 1;
    while (close >= 0 && stat[close] != ')') {
      close--;
    }
    if (close < 0) {
      return Optional.empty();
    }
    // Fields after the name, counted from 0: 0=state(3) 1=ppid(4) 2=pgrp(5) 3=session(6) ...
    // 19=starttime(22); parsed in place, as this runs for every process at every scan.
    long[] numbers = new long[20];
    char state = 0;
    int field = 0;
    int i = close + 2;
    while (field < 20 && i < length) {
      int end = i;
      while (end < length && stat[end] != ' ') {
        end++;
      }
      if (field == 0) {
        state = (char) stat[i];
      } else if (field <= 3 || field == 19) {
        numbers[field] = parseLong(stat, i, end);
      }
      field++;
      i = end + 1;
    }
    if (field < 20) {
      return Optional.empty();
    }
    return Optional.of(
        new ProcInfo(
            pid, (int) numbers[1], (int) numbers[2], (int) numbers[3], state, numbers[19]));
  }

  private static long parseLong(byte[] text, int from, int to) {
    boolean negative = from < to && text[from] == '-';
    long value = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new NumberFormatException(
            new String(text, from, to - from, StandardCharsets.US_ASCII));
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /** Whether {@code pid} still is the process identified by {@code startTime}. */
  public static boolean isSame(int pid, long startTime) {
    return read(pid).map(p -> p.startTime() == startTime).orElse(false);
  }

  /**
   * Whether the real and the effective uid of {@code pid} are both in {@code uids}, from the {@code
   * Uid:} line of /proc/PID/status (not the owner of /proc/PID, which a process that makes itself
   * non-dumpable turns into root). False when it is gone.
   */
  public static boolean runsAs(int pid, Set<Integer> uids) {
    try {
      for (String line :
          Files.readAllLines(PROC.resolve(Integer.toString(pid)).resolve("status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return uids.contains(Integer.parseInt(f[0])) && uids.contains(Integer.parseInt(f[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /**
   * Whether the process's initial environment contains exactly {@code entry} ({@code NAME=value}).
   * False when it is gone, a zombie (no environment any more), or not ours to read.
   */
  public static boolean hasEnvEntry(int pid, byte[] entry) {
    return envEntry(pid, entry) == EnvMatch.PRESENT;
  }

  /** What reading a process's environment found out. */
  public enum EnvMatch {
    PRESENT,
    /** Read in full (not empty), and the entry is not in it. */
    ABSENT,
    /** Gone, a zombie, not ours to read, or empty (as between fork and exec of a kernel thread). */
    UNKNOWN
  }

  /** Like {@link #hasEnvEntry}, telling a clear no from a failed read. */
  public static EnvMatch envEntry(int pid, byte[] entry) {
    byte[] env;
    try (var in = new FileInputStream("/proc/" + pid + "/environ")) {
      env = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return EnvMatch.UNKNOWN;
    }
    if (env.length == 0) {
      return EnvMatch.UNKNOWN;
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return EnvMatch.PRESENT;
        }
        start = i + 1;
      }
    }
    return EnvMatch.ABSENT;
  }

  private static final long PAGE_SIZE = LibC.INSTANCE.sysconf(LibC._SC_PAGESIZE);
  private static final long CLOCK_TICKS = LibC.INSTANCE.sysconf(LibC._SC_CLK_TCK);

  /** CPU time (user + system) {@code pid} has used, in seconds; 0 if it is gone. */
  public static double cpuSeconds(int pid) {
    try {
      String stat = Files.readString(PROC.resolve(Integer.toString(pid)).resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[11] = utime (field 14), f[12] = stime (field 15), in clock ticks
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Resident memory of {@code pid} in bytes (from /proc/pid/statm), 0 if it is gone. */
  public static long residentBytes(int pid) {
    try {
      String[] statm =
          Files.readString(PROC.resolve(Integer.toString(pid)).resolve("statm")).trim().split(" ");
      return Long.parseLong(statm[1]) * PAGE_SIZE;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Clock ticks since boot now, on the clock of {@link ProcInfo#startTime()}, rounded down; 0 when
   * unknown. A process started after this call has a start time at or above it.
   */
  public static long ticksSinceBoot() {
    try {
      // "12345.67 ..." in seconds, truncated to hundredths, on the boot-time clock /proc uses for
      // start times; one tick less absorbs the rounding of the product.
      String uptime = Files.readString(PROC.resolve("uptime"), StandardCharsets.US_ASCII);
      double seconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      return Math.max(0, (long) (seconds * CLOCK_TICKS) - 1);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The children of this JVM, from /proc/self/task/{@literal *}/children (one line per thread). */
  public static List<Integer> childrenOfSelf() {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String line;
        try {
          line = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
          continue; // thread ended meanwhile
        }
        if (!line.isEmpty()) {
          for (String pid : line.split(" ")) {
            out.add(Integer.parseInt(pid));
          }
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }
}
