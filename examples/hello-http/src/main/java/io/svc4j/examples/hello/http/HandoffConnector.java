package io.svc4j.examples.hello.http;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A connector that can tell when every connection it accepted has become an open endpoint. With a
 * socket handed over to the next instance, the stop closes this process's copy of the listener and
 * then serves what it already accepted: a connection the acceptor took just before the close, but
 * that Jetty's selector has not opened yet, would otherwise be missed by the wait for first
 * requests (seen under load in {@code SocketHandoffTest}, as a 503, when the shutting-down handler
 * still rejected late requests).
 */
public final class HandoffConnector extends ServerConnector {

  private static final Duration POLL = Duration.ofMillis(5);

  /** Acceptor threads inside {@link #accept}: between accept(2) and handing the channel over. */
  private final AtomicInteger accepting = new AtomicInteger();

  /** Channels handed to the selector that are not an endpoint yet (nor failed). */
  private final AtomicInteger pending = new AtomicInteger();

  public HandoffConnector(Server server, ConnectionFactory... factories) {
    super(server, factories);
    getSelectorManager()
        .addEventListener(
            new SelectorManager.AcceptListener() {
              @Override
              public void onAccepting(SelectableChannel channel) {
                pending.incrementAndGet();
              }

              @Override
              public void onAccepted(SelectableChannel channel) {
                pending.decrementAndGet();
              }

              @Override
              public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
                pending.decrementAndGet();
              }
            });
  }

  @Override
  public void accept(int acceptorId) throws IOException {
    accepting.incrementAndGet();
    try {
      super.accept(acceptorId);
    } finally {
      accepting.decrementAndGet();
    }
  }

  /**
   * After {@link #close()}: waits (at most {@code budget}) until no acceptor is still handing a
   * connection over and every accepted connection is an open endpoint; false if the budget ran out.
   */
  public boolean awaitAcceptedOpen(Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    while (accepting.get() > 0 || pending.get() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }
}
