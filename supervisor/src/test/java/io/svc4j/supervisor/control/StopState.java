package io.svc4j.supervisor.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a real process is paused by SIGSTOP, as /proc shows it. State T alone is not the test: a
 * shell that vforks (dash does for every external command) waits in the kernel, state D, until its
 * child execs; when the pause's SIGSTOP stops that child before its exec, the parent cannot stop (a
 * vfork wait only ends for a fatal signal) and shows D with the SIGSTOP pending, for as long as the
 * pause lasts. A pending SIGSTOP cannot be blocked, caught or ignored: the process stops before it
 * runs one more instruction of its own, so it counts as paused. SIGCONT discards it.
 */
public final class StopState {

  private static final long SIGSTOP_BIT = 1L << (19 - 1);

  private StopState() {}

  /** Stopped (state T) or bound to stop first thing (SIGSTOP pending); false once it is gone. */
  public static boolean paused(long pid) {
    try {
      return state(pid) == 'T' || stopPending(pid);
    } catch (IOException e) {
      return false;
    }
  }

  /** Neither stopped nor with a SIGSTOP pending, or gone (a program of the loop that ended). */
  public static boolean notPaused(long pid) {
    try {
      return state(pid) != 'T' && !stopPending(pid);
    } catch (IOException e) {
      return true;
    }
  }

  /** The state letter in /proc/PID/stat (R, S, D, T, ...). */
  static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  /** SIGSTOP in the thread's or the process's pending set. */
  static boolean stopPending(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:")) {
        long pending = Long.parseUnsignedLong(line.substring(7).strip(), 16);
        if ((pending & SIGSTOP_BIT) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The live processes of session {@code sid} (the child leads its own session). */
  static List<Long> session(long sid) throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path dir : entries.toList()) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // fields: state ppid pgrp session ...
          if (Long.parseLong(fields[3]) == sid && fields[0].charAt(0) != 'Z') {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // exited meanwhile
        }
      }
    }
    return pids;
  }

  /** One line per process of the session, for a failure message. */
  static String describe(long sid) throws IOException {
    StringBuilder b = new StringBuilder();
    for (long pid : session(sid)) {
      try {
        b.append("\n  ").append(pid).append(' ').append(state(pid));
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:")) {
            b.append(' ').append(line.replace('\t', ' '));
          }
        }
        b.append(" wchan=").append(Files.readString(Path.of("/proc/" + pid + "/wchan")));
      } catch (IOException e) {
        b.append(" (exited)");
      }
    }
    return b.toString();
  }
}
