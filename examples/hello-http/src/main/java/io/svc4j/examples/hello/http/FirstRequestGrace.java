package io.svc4j.examples.hello.http;

import java.time.Duration;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.NetworkConnector;

/**
 * The last step before the server's own stop: connections accepted during the drain whose client
 * has not sent its first request yet. Jetty's stop closes a connection that carries no request, and
 * a client that sends its request a moment later reads the close instead of an answer. So the stop
 * first waits until each such connection has sent its request (which is then served with {@code
 * Connection: close}, see {@link DrainHandler}) or has been open for the grace period without one
 * (like Go's {@code http.Server.Shutdown}, which treats a new connection as idle only after 5 s).
 */
public final class FirstRequestGrace {

  private static final Duration POLL = Duration.ofMillis(10);

  private FirstRequestGrace() {}

  /**
   * Waits (at most {@code budget}) until no connection of {@code connector} younger than {@code
   * grace} is still waiting for its first request; returns how many were still waiting at the end.
   */
  public static long await(NetworkConnector connector, Duration grace, Duration budget)
      throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    while (true) {
      long waiting = waiting(connector, grace);
      if (waiting == 0 || System.nanoTime() - deadline >= 0) {
        return waiting;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static long waiting(NetworkConnector connector, Duration grace) {
    long now = System.currentTimeMillis();
    long count = 0;
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      Connection c = endPoint.getConnection();
      if (c != null
          && endPoint.isOpen()
          && c.getMessagesIn() == 0
          && now - c.getCreatedTimeStamp() < grace.toMillis()) {
        count++;
      }
    }
    return count;
  }
}
