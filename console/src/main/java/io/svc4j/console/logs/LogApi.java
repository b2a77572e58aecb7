package io.svc4j.console.logs;

import com.sun.net.httpserver.HttpExchange;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlProtocol;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.logs.ForeignEntryException;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log view's API, under {@code /api/services/NAME/logs}. The files are found through the
 * service's supervisor (its status names them); their paths never reach the browser, not even in an
 * error message.
 *
 * <pre>
 * GET logs/streams                      {"streams":["stdout","stderr"]} (["output"] when merged)
 * GET logs?stream=S                     live tail, server-sent events (id: a cursor per line)
 * GET logs/earlier?stream=S&amp;cursor=C    {"lines":[...], "cursor": C' or null at the beginning}
 * GET logs/search?stream=S&amp;q=TEXT       {"matches":[{"file","line"}], "limited", "partial"}
 * </pre>
 *
 * Searches and earlier pages run in a few slots per console ({@link LogReadSlots}); one more is
 * answered 429.
 */
public final class LogApi {

  private static final Logger log = LoggerFactory.getLogger(LogApi.class);

  /** Lines per "load earlier". */
  static final int PAGE = 200;

  /** Matches per search (the newest ones). */
  static final int MAX_MATCHES = 200;

  static final long SEARCH_BYTES = 512L << 20;
  static final long SEARCH_MILLIS = 10_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final BooleanSupplier open;

  public LogApi(BooleanSupplier open) {
    this.open = open;
  }

  /** Answers {@code GET .../logs[/what]} for the service whose supervisor is at {@code socket}. */
  public void handle(HttpExchange ex, Path socket, String name, String what) throws IOException {
    if (!ex.getRequestMethod().equals("GET")) {
      json(ex, 405, Map.of("error", "the log view is read with GET"));
      return;
    }
    SupervisedStatus status;
    try {
      ControlReply reply = ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT);
      status = reply.ok() ? reply.status() : null;
    } catch (IOException | UnsupportedOperationException e) {
      json(ex, 404, Map.of("error", "no supervisor of " + name + " answers"));
      return;
    }
    if (status == null || status.stdoutLog() == null) {
      json(ex, 404, Map.of("error", name + " does not capture its output to files"));
      return;
    }
    boolean merged = status.stdoutLog().equals(status.stderrLog()) || status.stderrLog() == null;
    if (what.equals("streams")) {
      json(ex, 200, Map.of("streams", merged ? List.of("output") : List.of("stdout", "stderr")));
      return;
    }
    Map<String, String> query = query(ex);
    String stream = query.getOrDefault("stream", merged ? "output" : "stdout");
    Path file;
    switch (stream) {
      case "stdout", "output" -> file = Path.of(status.stdoutLog());
      case "stderr" -> file = Path.of(merged ? status.stdoutLog() : status.stderrLog());
      default -> {
        json(ex, 400, Map.of("error", "stream must be stdout, stderr or output"));
        return;
      }
    }
    switch (what) {
      case "" -> tail(ex, file, name);
      case "earlier" ->
          limited(ex, LogReadSlots.EARLIER_PAGES, () -> earlier(file, name, query.get("cursor")));
      case "search" ->
          limited(ex, LogReadSlots.SEARCH, () -> search(file, name, query.getOrDefault("q", "")));
      default -> json(ex, 404, Map.of("error", "no log view " + what));
    }
  }

  /** What a slotted read answers; it is written only after the slot is given back. */
  private record Answer(int status, Object body) {}

  private interface Read {
    Answer run();
  }

  /**
   * Runs a read in one of its slots, or answers 429 at once when they are all taken. The slot is
   * given back before the answer is written, so a client that has its answer finds the slot free
   * (and a slow reader of the answer never holds one).
   */
  private static void limited(HttpExchange ex, LogReadSlots slots, Read read) throws IOException {
    if (!slots.tryTake()) {
      ex.getResponseHeaders().set("Retry-After", "2");
      json(ex, 429, Map.of("error", slots.busyMessage()));
      return;
    }
    Answer answer;
    try {
      answer = read.run();
    } finally {
      slots.give();
    }
    json(ex, answer.status(), answer.body());
  }

  /**
   * The live tail. A refused file (see {@link #refused}) ends it with one {@code refused} event
   * whose data is the line the page shows; the page then stops reconnecting.
   */
  private void tail(HttpExchange ex, Path file, String name) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      try {
        LogTail.stream(file, out, ex.getRequestHeaders().getFirst("Last-Event-ID"), open);
      } catch (UnsafeDirectoryException | ForeignEntryException e) {
        out.write(
            ("event: refused\ndata: " + refused(name, e) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * What a viewer is told when the log's directory (or one above it) can be changed by someone
   * other than root, or a link or a FIFO is where the log file should be: the files are opened as
   * the supervisor opens them ({@link io.svc4j.supervisor.logs.TrustedLogFiles}), so the console,
   * running as root, never shows what such a user points it to. The line names no path; the
   * console's own log gets the full one (which directory, why, how to fix it).
   */
  private static String refused(String name, IOException e) {
    log.warn("log view of {} refused: {}", name, e.getMessage());
    return "the log of "
        + name
        + " is not shown: someone other than root can change the place it is read from, and"
        + " could make the console show another file; the console's log says where and how to"
        + " fix it";
  }

  private static Answer earlier(Path file, String name, String cursorText) {
    Optional<LogCursor> cursor = LogCursor.decode(cursorText);
    if (cursor.isEmpty()) {
      return new Answer(400, Map.of("error", "cursor is missing or not one of this console's"));
    }
    LogHistory.Page page;
    try {
      page = LogHistory.before(LogChain.of(file), cursor.get(), PAGE);
    } catch (LogHistory.GoneException e) {
      return new Answer(410, Map.of("error", e.getMessage()));
    } catch (UnsafeDirectoryException | ForeignEntryException e) {
      return new Answer(403, Map.of("error", refused(name, e)));
    } catch (IOException e) {
      return unreadable(e);
    }
    Map<String, Object> body = new HashMap<>();
    body.put("lines", page.lines());
    body.put("cursor", page.earlier().map(LogCursor::encode).orElse(null));
    return new Answer(200, body);
  }

  private static Answer search(Path file, String name, String text) {
    if (text.isEmpty() || text.length() > 200) {
      return new Answer(400, Map.of("error", "q must be 1 to 200 characters"));
    }
    LogSearch.Result result;
    try {
      result = LogSearch.search(LogChain.of(file), text, MAX_MATCHES, SEARCH_BYTES, SEARCH_MILLIS);
    } catch (UnsafeDirectoryException | ForeignEntryException e) {
      return new Answer(403, Map.of("error", refused(name, e)));
    } catch (IOException e) {
      return unreadable(e);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("matches", result.matches());
    body.put("limited", result.limited());
    body.put("partial", result.partial());
    return new Answer(200, body);
  }

  private static Answer unreadable(IOException e) {
    return new Answer(
        500, Map.of("error", "the log cannot be read: " + e.getClass().getSimpleName()));
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> values = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }

  private static void json(HttpExchange ex, int status, Object value) throws IOException {
    byte[] bytes = ControlProtocol.JSON.writeValueAsBytes(value);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
