package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.PrintableText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds what a previous instance of a service left behind: processes whose environment carries
 * {@code SVC4J_SERVICE=<name>} (every child and its descendants get it), and the processes that
 * listen on a TCP port (from /proc/net/tcp{,6} and the sockets in /proc/PID/fd).
 */
public final class Leftovers {

  /** The variable that marks every process of a service, across supervisor instances. */
  public static final String SERVICE_VARIABLE = ChildPlatform.SERVICE_VARIABLE;

  private Leftovers() {}

  /**
   * Live processes marked as belonging to service {@code name}, except {@code exclude}, that run as
   * one of {@code uids} (real and effective uid both): the marker is only an environment variable,
   * which any user can set on any process of theirs; a process of another user is never the
   * service's, and is neither reported, nor counted against a start, nor killed.
   */
  public static List<ProcInfo> ofService(String name, Set<Integer> exclude, Set<Integer> uids) {
    byte[] entry = (SERVICE_VARIABLE + "=" + name).getBytes(StandardCharsets.UTF_8);
    int self = LibC.INSTANCE.getpid();
    List<ProcInfo> out = new ArrayList<>();
    for (ProcInfo p : ProcTable.all()) {
      if (p.pid() != self
          && !p.isZombie()
          && !exclude.contains(p.pid())
          && ProcTable.hasEnvEntry(p.pid(), entry)
          && ProcTable.runsAs(p.pid(), uids)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Pids of processes listening on TCP {@code port} (any address, IPv4 or IPv6). */
  public static Set<Integer> listeningOn(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        List<String> lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          // f[1] = local address:port (hex), f[3] = state (0A = LISTEN), f[9] = inode
          String local = f[1];
          int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
          if (localPort == port && f[3].toUpperCase(Locale.ROOT).equals("0A")) {
            inodes.add("socket:[" + f[9] + "]");
          }
        }
      } catch (IOException | RuntimeException e) {
        // no IPv6, or unreadable: nothing found there
      }
    }
    Set<Integer> pids = new LinkedHashSet<>();
    if (inodes.isEmpty()) {
      return pids;
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            try {
              if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                pids.add(Integer.parseInt(proc.getFileName().toString()));
              }
            } catch (IOException e) {
              // closed meanwhile
            }
          }
        } catch (IOException | SecurityException e) {
          // gone, or not ours to read
        }
      }
    } catch (IOException e) {
      return pids;
    }
    return pids;
  }

  /** {@code pid (command line)} for messages. */
  public static String describe(int pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      // Any user's command line, printed by svc4j status: no escape sequences.
      String cmd =
          PrintableText.clean(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ')).strip();
      if (cmd.length() > 120) {
        cmd = cmd.substring(0, 120) + "...";
      }
      return pid + " (" + cmd + ")";
    } catch (IOException e) {
      return Integer.toString(pid);
    }
  }
}
