package io.svc4j.examples.hello.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per request when its response completes (logger {@code access}; the JSON
 * encoder turns the key-value pairs into fields) and keeps the request counters.
 */
public final class AccessLogHandler extends Handler.Wrapper {

  private static final Logger log = LoggerFactory.getLogger("access");

  private final RequestStats stats;

  public AccessLogHandler(RequestStats stats, Handler next) {
    super(next);
    this.stats = stats;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long startNanos = System.nanoTime();
    stats.begin();
    var once = new AtomicBoolean();
    Runnable done =
        () -> {
          if (once.compareAndSet(false, true)) {
            stats.end();
            logLine(request, response, startNanos, null);
          }
        };
    Callback logging =
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            done.run();
            super.succeeded();
          }

          @Override
          public void failed(Throwable failure) {
            if (once.compareAndSet(false, true)) {
              stats.end();
              logLine(request, response, startNanos, failure);
            }
            super.failed(failure);
          }
        };
    try {
      boolean handled = super.handle(request, response, logging);
      if (!handled) {
        done.run(); // Jetty answers 404 itself; the line still reports the request
      }
      return handled;
    } catch (Throwable t) {
      // Jetty writes the error response through the original callback, never ours.
      if (once.compareAndSet(false, true)) {
        stats.end();
        logLine(request, response, startNanos, t);
      }
      throw t;
    }
  }

  private static void logLine(
      Request request, Response response, long startNanos, Throwable failure) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    int status = failure == null ? response.getStatus() : 0;
    String method = request.getMethod();
    String path = request.getHttpURI().getPath(); // no query: it may carry secrets
    Runnable line =
        () ->
            log.atInfo()
                .setMessage(
                    method
                        + " "
                        + path
                        + " "
                        + (failure == null ? Integer.toString(status) : "failed")
                        + " "
                        + millis
                        + "ms")
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", millis)
                .addKeyValue("bytes", Response.getContentBytesWritten(response))
                .addKeyValue("remote", Request.getRemoteAddr(request))
                .addKeyValue("error", failure == null ? null : failure.toString())
                .log();
    Object ctx = request.getAttribute(RequestContext.ATTRIBUTE);
    if (ctx instanceof RequestContext rc) {
      rc.runWithMdc(line);
    } else {
      line.run();
    }
  }
}
