package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What fstat(2) says about an open descriptor, read through {@code /proc/self/fd/N} (which names
 * the very file the descriptor refers to, whatever happened to its path since).
 */
record FileStat(int mode, int uid, int gid, int links, long size) {

  static final int TYPE_MASK = 0170000;
  static final int REGULAR = 0100000;
  static final int DIRECTORY = 0040000;
  static final int STICKY = 01000;

  static FileStat of(int fd) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:mode,uid,gid,nlink,size");
    return new FileStat(
        (Integer) a.get("mode"),
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Integer) a.get("nlink"),
        (Long) a.get("size"));
  }

  boolean regular() {
    return (mode & TYPE_MASK) == REGULAR;
  }

  boolean directory() {
    return (mode & TYPE_MASK) == DIRECTORY;
  }

  int permissions() {
    return mode & 07777;
  }
}
