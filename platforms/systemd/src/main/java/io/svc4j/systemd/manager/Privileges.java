package io.svc4j.systemd.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process runs as root, read from /proc so no native call is needed. */
final class Privileges {

  private Privileges() {}

  static boolean isRoot() {
    try {
      return effectiveUid(Files.readString(Path.of("/proc/self/status"))) == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The effective uid from /proc/PID/status ("Uid:" real, effective, saved, filesystem). */
  static long effectiveUid(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring(4).strip().split("\\s+");
        return Long.parseLong(ids[ids.length > 1 ? 1 : 0]);
      }
    }
    throw new IllegalArgumentException("no Uid: line");
  }
}
