package io.svc4j.supervisor.linux;

import com.sun.jna.Native;

/**
 * Makes this JVM a child subreaper: descendants of our children that lose their parent are
 * reparented to us instead of to init, so they stay findable through their parent pid and are
 * killed with the tree. Their zombies are reaped by {@link ProcessTree#reapZombies}.
 */
public final class Subreaper {

  private static volatile boolean enabled;

  private Subreaper() {}

  /** Idempotent; returns false (and changes nothing) when the kernel refuses. */
  public static synchronized boolean enable() {
    if (!enabled) {
      enabled = LibC.INSTANCE.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
      if (!enabled) {
        org.slf4j.LoggerFactory.getLogger(Subreaper.class)
            .warn("prctl(PR_SET_CHILD_SUBREAPER) failed: errno {}", Native.getLastError());
      }
    }
    return enabled;
  }
}
