package io.svc4j.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The live tail of a log file as server-sent events: the last lines first, then every new line as
 * it is written (polled; a rotation, seen as the file getting shorter, starts again at its top).
 * One {@code data:} event per line; the browser shows it as text, never as HTML.
 */
final class LogTail {

  private static final int INITIAL_BYTES = 8192;
  private static final long POLL_MS = 200;
  private static final long KEEPALIVE_MS = 15_000;

  private LogTail() {}

  static void stream(HttpExchange exchange, Path file, BooleanSupplier open) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      long position = Math.max(0, Files.exists(file) ? Files.size(file) - INITIAL_BYTES : 0);
      boolean skipPartial = position > 0;
      StringBuilder pending = new StringBuilder();
      long quiet = System.currentTimeMillis();
      out.write(": tail\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (open.getAsBoolean()) {
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size < position) {
          position = 0; // rotated: the new file from its top
        }
        if (size > position) {
          byte[] chunk = new byte[(int) Math.min(size - position, 1 << 20)];
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(position);
            raf.readFully(chunk);
          }
          position += chunk.length;
          pending.append(new String(chunk, StandardCharsets.UTF_8));
          int nl;
          StringBuilder events = new StringBuilder();
          while ((nl = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, nl);
            pending.delete(0, nl + 1);
            if (skipPartial) {
              skipPartial = false; // the first line of a tail started mid-file is cut
              continue;
            }
            events.append("data: ").append(line.replace("\r", "")).append("\n\n");
          }
          if (!events.isEmpty()) {
            out.write(events.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            quiet = System.currentTimeMillis();
          }
        } else if (System.currentTimeMillis() - quiet > KEEPALIVE_MS) {
          out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          quiet = System.currentTimeMillis();
        }
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
