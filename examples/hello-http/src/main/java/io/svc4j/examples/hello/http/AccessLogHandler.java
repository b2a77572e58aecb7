package io.svc4j.examples.hello.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.event.KeyValuePair;

/**
 * Logs one structured line per request when its response completes (logger {@code access}; the JSON
 * encoder turns the key-value pairs into fields) and keeps the request counters.
 */
public final class AccessLogHandler extends Handler.Wrapper {

  private final AccessLogger accessLog = new AccessLogger();
  private final RequestStats stats;

  public AccessLogHandler(RequestStats stats, Handler next) {
    super(next);
    this.stats = stats;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    stats.begin();
    Line line = new Line(request, response, callback, stats, accessLog);
    try {
      boolean handled = super.handle(request, response, line);
      if (!handled) {
        line.complete(null); // Jetty answers 404 itself; the line still reports the request
      }
      return handled;
    } catch (Throwable t) {
      // Jetty writes the error response through the original callback, never ours.
      line.complete(t);
      throw t;
    }
  }

  /**
   * The callback handed down the chain, and the one access-log line of its request: one object per
   * request (a flag, a completion lambda and a nested callback were three).
   */
  private static final class Line extends Callback.Nested {

    private static final VarHandle LOGGED;

    static {
      try {
        LOGGED = MethodHandles.lookup().findVarHandle(Line.class, "logged", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Request request;
    private final Response response;
    private final RequestStats stats;
    private final AccessLogger accessLog;
    private final long startNanos = System.nanoTime();

    @SuppressWarnings("unused") // through LOGGED
    private volatile boolean logged;

    Line(
        Request request,
        Response response,
        Callback callback,
        RequestStats stats,
        AccessLogger accessLog) {
      super(callback);
      this.request = request;
      this.response = response;
      this.stats = stats;
      this.accessLog = accessLog;
    }

    @Override
    public void succeeded() {
      complete(null);
      super.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
      complete(failure);
      super.failed(failure);
    }

    /** Counts the request as ended and writes its line, the first time only. */
    void complete(Throwable failure) {
      if (!LOGGED.compareAndSet(this, false, true)) {
        return;
      }
      stats.end();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      int status = failure == null ? response.getStatus() : 0;
      String method = request.getMethod();
      String path = request.getHttpURI().getPath(); // no query: it may carry secrets
      String message =
          method
              + " "
              + path
              + " "
              + (failure == null ? Integer.toString(status) : "failed")
              + " "
              + millis
              + "ms";
      List<KeyValuePair> fields =
          AccessLogger.fields(
              new KeyValuePair("method", method),
              new KeyValuePair("path", path),
              new KeyValuePair("status", status),
              new KeyValuePair("duration_ms", millis),
              new KeyValuePair("bytes", Response.getContentBytesWritten(response)),
              new KeyValuePair("remote", Request.getRemoteAddr(request)),
              new KeyValuePair("error", failure == null ? null : failure.toString()));
      RequestContext context =
          request.getAttribute(RequestContext.ATTRIBUTE) instanceof RequestContext rc ? rc : null;
      accessLog.write(message, fields, context);
    }
  }
}
