package io.svc4j.supervisor.os;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Hands notify messages from a channel's reader thread to the supervisor's event thread with at
 * most {@link #LIMIT} of them waiting. When the event thread falls behind, the reader stops
 * reading: datagrams then wait in the kernel's bounded socket queue, and a flooding sender blocks
 * there. Without this, a child sending as fast as it can grew the event queue, and the supervisor's
 * memory, without bound. Order is kept, so a READY=1 sent after a flood is honoured once the flood
 * before it was handled.
 */
public final class NotifyInbox implements Consumer<NotifyMessage> {

  /** Messages accepted from the channel and not yet handled, at most. */
  public static final int LIMIT = 64;

  private final Semaphore room = new Semaphore(LIMIT);
  private final Executor events;
  private final Consumer<NotifyMessage> handler;

  /**
   * @param events runs the handler (the event thread); throws RejectedExecutionException once
   *     closed
   */
  public NotifyInbox(Executor events, Consumer<NotifyMessage> handler) {
    this.events = events;
    this.handler = handler;
  }

  /** On the reader thread: waits for room (interruptible: closing the channel interrupts it). */
  @Override
  public void accept(NotifyMessage message) {
    try {
      room.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      events.execute(
          () -> {
            try {
              handler.accept(message);
            } finally {
              room.release();
            }
          });
    } catch (RejectedExecutionException e) {
      room.release(); // closed: the message is moot
    }
  }

  /** Messages accepted and not handled yet. */
  public int pending() {
    return LIMIT - room.availablePermits();
  }
}
