package io.svc4j.drain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** This process's socket descriptors by socket inode, from {@code /proc/self/fd}. */
final class SocketFds {

  private static final Path FDS = Path.of("/proc/self/fd");

  private SocketFds() {}

  static Map<Long, Integer> byInode() throws IOException {
    Map<Long, Integer> sockets = new HashMap<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed since the listing: not ours to care about
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          sockets.put(
              Long.parseLong(target.substring(8, target.length() - 1)),
              Integer.parseInt(fd.getFileName().toString()));
        }
      }
    }
    return sockets;
  }
}
