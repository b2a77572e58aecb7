package io.svc4j.supervisor.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads Linux's process table from /proc. Processes vanish while we read; that is not an error. */
public final class ProcTable {

  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /** Every process visible now. */
  public static List<ProcInfo> all() {
    List<ProcInfo> out = new ArrayList<>(512);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          read(Integer.parseInt(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }

  /** One process, or empty if it is gone. */
  public static Optional<ProcInfo> read(int pid) {
    String stat;
    try {
      stat = Files.readString(PROC.resolve(Integer.toString(pid)).resolve("stat"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    // The command name in parentheses may itself contain spaces and ')'; fields follow the last.
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] f = stat.substring(close + 2).split(" ");
    // f[0]=state(3) f[1]=ppid(4) f[2]=pgrp(5) f[3]=session(6) ... f[19]=starttime(22)
    return Optional.of(
        new ProcInfo(
            pid,
            Integer.parseInt(f[1]),
            Integer.parseInt(f[2]),
            Integer.parseInt(f[3]),
            f[0].charAt(0),
            Long.parseLong(f[19])));
  }

  /** Whether {@code pid} still is the process identified by {@code startTime}. */
  public static boolean isSame(int pid, long startTime) {
    return read(pid).map(p -> p.startTime() == startTime).orElse(false);
  }

  /**
   * Whether the process's initial environment contains exactly {@code entry} ({@code NAME=value}).
   * False when it is gone, a zombie (no environment any more), or not ours to read.
   */
  public static boolean hasEnvEntry(int pid, byte[] entry) {
    byte[] env;
    try {
      env = Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
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
