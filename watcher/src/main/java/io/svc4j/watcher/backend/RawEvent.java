package io.svc4j.watcher.backend;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a backend reports, before any interpretation: "something happened at this path" or "events
 * under this directory were lost". The engine finds out what happened by looking at the file, so a
 * backend need not (and the JDK's cannot) tell a rename from a delete and a create.
 *
 * @param type {@link Type#PATH} or {@link Type#OVERFLOW}
 * @param path the changed path, or the directory whose events were lost
 */
public record RawEvent(Type type, Path path) {

  public enum Type {
    PATH,
    OVERFLOW
  }

  public RawEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
  }

  public static RawEvent path(Path p) {
    return new RawEvent(Type.PATH, p);
  }

  public static RawEvent overflow(Path dir) {
    return new RawEvent(Type.OVERFLOW, dir);
  }
}
