package io.svc4j.cli.watch;

import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} action: one INFO line per change, {@code watch NAME: created /path}. */
final class WatchLogAction implements BatchListener {

  private static final Logger log = LoggerFactory.getLogger(WatchLogAction.class);

  private final String watch;

  WatchLogAction(String watch) {
    this.watch = watch;
  }

  @Override
  public void onBatch(List<WatchEvent> batch) {
    for (WatchEvent e : batch) {
      log.info("watch {}: {}", watch, e.toLine());
    }
  }
}
