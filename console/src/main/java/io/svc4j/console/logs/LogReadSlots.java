package io.svc4j.console.logs;

import java.util.concurrent.Semaphore;

/**
 * How many log searches and "load earlier" reads run at once in this console process, whoever asks:
 * each one is bounded (a search reads at most {@link LogApi#SEARCH_BYTES} for at most {@link
 * LogApi#SEARCH_MILLIS}; an earlier page at most {@link LogHistory#MAX_SCAN} back, or one
 * compressed file), but several viewers clicking at once would multiply that. One more than the
 * bound is answered at once with 429 and a line the page shows, never queued.
 */
final class LogReadSlots {

  /** Searches at once, per console process. */
  static final int SEARCHES = 2;

  /** "Load earlier" reads at once, per console process. */
  static final int EARLIER = 4;

  static final LogReadSlots SEARCH =
      new LogReadSlots(SEARCHES, "searches are already running on this console");
  static final LogReadSlots EARLIER_PAGES =
      new LogReadSlots(EARLIER, "'load earlier' reads are already running on this console");

  private final Semaphore permits;
  private final int size;
  private final String busy;

  private LogReadSlots(int size, String busy) {
    this.permits = new Semaphore(size);
    this.size = size;
    this.busy = busy;
  }

  /** A slot, or false when all are taken (then {@link #busyMessage} says so). */
  boolean tryTake() {
    return permits.tryAcquire();
  }

  void give() {
    permits.release();
  }

  /** The one line a refused request gets (429). */
  String busyMessage() {
    return size + " " + busy + "; try again in a few seconds";
  }
}
