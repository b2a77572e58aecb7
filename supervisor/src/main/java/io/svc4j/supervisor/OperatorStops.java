package io.svc4j.supervisor;

import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code unless-stopped} memory: an operator's stop of the child, kept as {@code
 * <dir>/<name>.stopped} until an operator starts it again, so that it survives a restart of the
 * supervisor itself. A no-op under every other mode.
 */
final class OperatorStops {

  private static final Logger log = LoggerFactory.getLogger(OperatorStops.class);

  private final ChildPlatform platform;
  private final Path directory;
  private final Path marker;
  private final boolean active;

  OperatorStops(ChildPlatform platform, Path directory, String name, RestartMode mode) {
    this.platform = platform;
    this.directory = directory;
    this.marker = directory.resolve(name + ".stopped");
    this.active = mode == RestartMode.UNLESS_STOPPED;
  }

  /**
   * On Windows the directory is checked first: a mark in a directory others may write to could be
   * anyone's, so such a directory is refused (one line) rather than trusted.
   */
  boolean remembered() {
    if (!active) {
      return false;
    }
    try {
      platform.secureDirectory(directory, "state");
    } catch (io.svc4j.supervisor.logs.UnsafeDirectoryException e) {
      throw new io.svc4j.supervisor.windows.UnsafeDirectoryException(e.getMessage());
    } catch (IOException e) {
      log.warn("Cannot create the state directory {}: {}", directory, e.toString());
      return false;
    }
    return Files.exists(marker);
  }

  void record(boolean stopped) {
    if (!active) {
      return;
    }
    try {
      if (stopped) {
        platform.secureDirectory(directory, "state");
        Files.createDirectories(directory);
        Files.writeString(marker, Instant.now() + "\n");
      } else {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      log.warn("Cannot record the operator's stop in {}: {}", directory, e.toString());
    }
  }
}
