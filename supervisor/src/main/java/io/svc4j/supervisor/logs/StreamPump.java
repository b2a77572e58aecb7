package io.svc4j.supervisor.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one of the child's output pipes as fast as it can and hands whole lines to a {@link
 * LogFile}. It never waits for the disk, so the child never blocks on a full pipe because of us. A
 * line longer than {@link #MAX_LINE} is cut into pieces of that size. A last line without '\n' at
 * end-of-stream gets one.
 */
public final class StreamPump {

  private static final Logger log = LoggerFactory.getLogger(StreamPump.class);
  static final int MAX_LINE = 64 * 1024;

  /** Fixed width, so that prefixed logs stay aligned and sortable as text. */
  private static final java.time.format.DateTimeFormatter STAMP =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private final InputStream in;
  private final LogFile sink;
  private final java.util.function.BooleanSupplier timestamps; // asked per chunk: a reload turns it
  private final Thread thread;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final List<Pattern> patterns;
  private final BiConsumer<Pattern, String> onMatch;
  private boolean matched;

  private StreamPump(
      InputStream in,
      LogFile sink,
      java.util.function.BooleanSupplier timestamps,
      String name,
      List<Pattern> patterns,
      BiConsumer<Pattern, String> onMatch) {
    this.patterns = patterns;
    this.onMatch = onMatch;
    this.in = in;
    this.sink = sink;
    this.timestamps = timestamps;
    this.thread = Thread.ofPlatform().daemon().name("svc4j-pump-" + name).unstarted(this::run);
  }

  /** Starts pumping {@code in} until its end-of-stream. */
  public static StreamPump start(InputStream in, LogFile sink, boolean timestamps, String name) {
    return start(in, sink, () -> timestamps, name, List.of(), (p, l) -> {});
  }

  /**
   * Like {@link #start(InputStream, LogFile, boolean, String)}, and calls {@code onMatch} (on the
   * pump's thread, once per pump) for the first line that contains a match of one of {@code
   * patterns}.
   */
  public static StreamPump start(
      InputStream in,
      LogFile sink,
      java.util.function.BooleanSupplier timestamps,
      String name,
      List<Pattern> patterns,
      BiConsumer<Pattern, String> onMatch) {
    var pump = new StreamPump(in, sink, timestamps, name, patterns, onMatch);
    pump.thread.start();
    return pump;
  }

  /** Waits until the stream ended and every line was handed over. */
  public boolean await(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  private void run() {
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        accept(buffer, n);
      }
    } catch (IOException e) {
      log.debug("Output stream of the child ended: {}", e.toString());
    }
    if (partial.size() > 0) {
      partial.write('\n');
      emit(partial.toByteArray(), 0, partial.size());
      partial.reset();
    }
  }

  private void accept(byte[] buffer, int n) {
    int lastNewline = -1;
    for (int i = n - 1; i >= 0; i--) {
      if (buffer[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    if (lastNewline < 0) {
      appendPartial(buffer, 0, n);
      return;
    }
    byte[] whole;
    if (partial.size() == 0) {
      whole = java.util.Arrays.copyOf(buffer, lastNewline + 1);
    } else {
      partial.write(buffer, 0, lastNewline + 1);
      whole = partial.toByteArray();
      partial.reset();
    }
    emit(whole, 0, whole.length);
    appendPartial(buffer, lastNewline + 1, n - lastNewline - 1);
  }

  private void appendPartial(byte[] buffer, int from, int length) {
    int offset = from;
    int remaining = length;
    while (remaining > 0) {
      int room = MAX_LINE - partial.size();
      int take = Math.min(room, remaining);
      partial.write(buffer, offset, take);
      offset += take;
      remaining -= take;
      if (partial.size() >= MAX_LINE) {
        partial.write('\n');
        emit(partial.toByteArray(), 0, partial.size());
        partial.reset();
      }
    }
  }

  private void match(byte[] data, int from, int to) {
    int start = from;
    for (int i = from; i < to && !matched; i++) {
      if (data[i] == '\n') {
        String line = new String(data, start, i - start, StandardCharsets.UTF_8);
        for (Pattern pattern : patterns) {
          if (pattern.matcher(line).find()) {
            matched = true;
            onMatch.accept(pattern, line);
            break;
          }
        }
        start = i + 1;
      }
    }
  }

  /** {@code data[from, to)} is whole lines. */
  private void emit(byte[] data, int from, int to) {
    if (!patterns.isEmpty() && !matched) {
      match(data, from, to);
    }
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        lines++;
      }
    }
    if (!timestamps.getAsBoolean()) {
      sink.offer(new Chunk(data, lines));
      return;
    }
    byte[] stamp = (STAMP.format(Instant.now()) + " ").getBytes(StandardCharsets.US_ASCII);
    var out = new ByteArrayOutputStream(to - from + lines * stamp.length);
    int start = from;
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        out.write(stamp, 0, stamp.length);
        out.write(data, start, i + 1 - start);
        start = i + 1;
      }
    }
    sink.offer(new Chunk(out.toByteArray(), lines));
  }
}
