package io.svc4j.watcher;

import java.nio.file.attribute.BasicFileAttributes;

/** The type of the path an event is about ({@link #UNKNOWN} once it is gone). */
public enum FileType {
  FILE,
  DIRECTORY,
  SYMLINK,
  OTHER,
  UNKNOWN;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static FileType of(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return SYMLINK;
    }
    if (a.isDirectory()) {
      return DIRECTORY;
    }
    return a.isRegularFile() ? FILE : OTHER;
  }
}
