package io.svc4j.supervisor.linux;

import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a whole child tree: the graceful signal to the child's process group and to every other
 * member of its tree, a wait of up to the stop timeout for all of them (not just the child) to be
 * gone, then SIGKILL to every member still alive, repeated until none is.
 */
public final class TreeStopper {

  private static final Logger log = LoggerFactory.getLogger(TreeStopper.class);

  /** What happened: whether SIGKILL was needed, and how many members survived even that. */
  public record Result(boolean killed, int survivors) {}

  private TreeStopper() {}

  public static Result stop(
      ProcessTree tree, Process child, int signal, Duration timeout, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    tree.signalAll(signal);
    while (System.nanoTime() < deadline) {
      tree.reapZombies(Set.of((int) child.pid()));
      if (!child.isAlive() && tree.alive().isEmpty()) {
        return new Result(false, 0);
      }
      Thread.sleep(50);
    }
    int live = tree.alive().size();
    log.warn(
        "{}: {} process(es) of the tree still alive {} ms after the stop signal; sending SIGKILL",
        name,
        live,
        timeout.toMillis());
    int survivors = tree.killAll(Duration.ofSeconds(5), Set.of((int) child.pid()));
    child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    tree.reapZombies(Set.of((int) child.pid()));
    if (survivors > 0) {
      log.error("{}: {} process(es) survived SIGKILL (uninterruptible?)", name, survivors);
    }
    return new Result(true, survivors);
  }
}
