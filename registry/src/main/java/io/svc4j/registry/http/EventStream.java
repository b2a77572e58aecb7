package io.svc4j.registry.http;

import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.engine.Changes;
import io.svc4j.registry.engine.RegistryMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/events}: changes as server-sent events ({@code id:} the index, {@code event:}
 * register, update, status, evict, deregister; {@code data:} the Change as JSON). A client that
 * reconnects with {@code Last-Event-ID} (or {@code ?after=}) gets the changes it missed while they
 * are still kept; otherwise a {@code reset} event tells it to read the full list again.
 */
final class EventStream {

  private static final long KEEPALIVE_MS = 15_000;
  private static final long POLL_MS = 500;

  /** A consumer this far behind is cut off instead of buffering without bound. */
  private static final int MAX_QUEUED = 10_000;

  private final Changes changes;
  private final RegistryMetrics metrics;
  private volatile boolean closed;

  EventStream(Changes changes, RegistryMetrics metrics) {
    this.changes = changes;
    this.metrics = metrics;
  }

  void close() {
    closed = true;
  }

  void stream(
      Request request, Response response, Callback callback, Optional<String> service, long after)
      throws Exception {
    LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    boolean[] overflow = {false};
    try (RegistryMetrics.Watching watching = metrics.watching(true);
        AutoCloseable sub =
            changes.subscribe(
                c -> {
                  if (service.isEmpty() || service.get().equals(c.instance().service())) {
                    if (!queue.offer(c)) {
                      overflow[0] = true;
                    }
                  }
                })) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      response.getHeaders().put(Wire.INDEX_HEADER, Long.toString(changes.index()));
      OutputStream out = Content.Sink.asOutputStream(response);
      long last = after;
      if (after > 0) {
        Optional<List<Change>> missed = changes.since(after);
        if (missed.isEmpty()) {
          write(out, "event: reset\ndata: {\"index\":" + changes.index() + "}\n\n");
        } else {
          for (Change c : missed.get()) {
            if (service.isEmpty() || service.get().equals(c.instance().service())) {
              last = send(out, c, last);
            }
          }
        }
      } else {
        write(out, ": index " + changes.index() + "\n\n");
      }
      long quietSince = System.currentTimeMillis();
      while (!closed && !changes.isClosed()) {
        Change c = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (overflow[0]) {
          write(out, "event: reset\ndata: {\"index\":" + changes.index() + "}\n\n");
          break;
        }
        if (c != null) {
          last = send(out, c, last);
          quietSince = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - quietSince > KEEPALIVE_MS) {
          write(out, ": keepalive\n\n");
          quietSince = System.currentTimeMillis();
        }
      }
      out.close();
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e); // the client went away
    }
  }

  private static long send(OutputStream out, Change c, long last) throws IOException {
    if (c.index() <= last) {
      return last; // already sent from the kept changes
    }
    String data = Wire.mapper().writeValueAsString(c);
    write(
        out,
        "id: "
            + c.index()
            + "\nevent: "
            + c.type().name().toLowerCase(Locale.ROOT)
            + "\ndata: "
            + data
            + "\n\n");
    return c.index();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
