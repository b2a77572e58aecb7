package io.svc4j.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEvent;
import java.io.PrintWriter;
import java.util.List;

/** {@code svc4j watch} without a command: one line per change, plain or JSON. */
final class WatchPrinter implements BatchListener {

  /**
   * Made on first use: Jackson is some 370 classes to load, which plain lines never need (start-up
   * time and memory of every {@code svc4j watch} without {@code --json}).
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final PrintWriter out;
  private final boolean json;

  WatchPrinter(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  @Override
  public void onBatch(List<WatchEvent> batch) {
    // write, not println: println flushes (a write to stdout) per line of an autoflush writer;
    // a batch is one write.
    for (WatchEvent e : batch) {
      out.write(json ? toJson(e) : e.toLine());
      out.write(System.lineSeparator());
    }
    out.flush();
  }

  static String toJson(WatchEvent e) {
    try {
      return Json.MAPPER.writeValueAsString(WatchEventJson.of(e));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot render a watch event as JSON", x);
    }
  }
}
