package io.svc4j.supervisor.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads captured logs for {@code svc4j logs NAME [-n N] [-f]}: the last lines across the current
 * file and its rotated predecessors, and following a file through its rotations (the renamed file
 * is read to its end before the new one is opened, so no line is skipped or shown twice).
 */
public final class LogReader {

  private LogReader() {}

  /**
   * The last {@code count} lines of {@code file} and, if it has fewer, of {@code file.1}... Every
   * file is opened through {@link TrustedLogFiles}: a directory others can change, or a link where
   * a file is, is refused, never followed.
   */
  public static List<String> tail(Path file, int count) throws IOException {
    Deque<String> last = new ArrayDeque<>(count);
    List<Path> parts = new ArrayList<>();
    Pattern archive =
        Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d{1,4})(\\.gz)?");
    Path dir = file.toAbsolutePath().getParent();
    List<String> names = new ArrayList<>();
    try {
      names = TrustedLogFiles.list(dir);
    } catch (NoSuchFileException e) {
      // no directory: no archives either
    }
    record Archive(int index, boolean gzip, String name) {}
    names.stream()
        .map(archive::matcher)
        .filter(Matcher::matches)
        .map(m -> new Archive(Integer.parseInt(m.group(1)), m.group(2) != null, m.group()))
        .filter(a -> a.index() >= 1 && a.index() <= 1000)
        // oldest first; name.N.gz before name.N (the plain one is newer while gzip is switched on)
        .sorted(
            Comparator.comparingInt(Archive::index)
                .reversed()
                .thenComparing(Archive::gzip, Comparator.reverseOrder()))
        .forEach(a -> parts.add(dir.resolve(a.name())));
    parts.add(file);
    for (Path part : parts) {
      InputStream in;
      try {
        in = TrustedLogFiles.newInputStream(part);
      } catch (NoSuchFileException e) {
        continue; // rotated meanwhile
      }
      if (part.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in);
      }
      try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (count > 0 && last.size() == count) {
            last.removeFirst();
          }
          if (count > 0) {
            last.addLast(line);
          }
        }
      }
    }
    return List.copyOf(last);
  }

  /**
   * Hands every line appended to {@code file} from now on to {@code sink}, until {@code stop} says
   * so (checked about every 200 ms). Follows rotations.
   */
  public static void follow(Path file, Consumer<String> sink, BooleanSupplier stop)
      throws IOException, InterruptedException {
    FileChannel channel = null;
    Object key = null;
    var pending = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    boolean first = true;
    try {
      while (!stop.getAsBoolean()) {
        if (channel == null) {
          try {
            TrustedLogFiles.Opened opened = TrustedLogFiles.open(file);
            channel = opened.channel();
            key = opened.key();
            if (first) {
              channel.position(channel.size()); // like tail -f: only what comes from now on
            }
          } catch (NoSuchFileException e) {
            first = false; // a file that appears later is read from its start
            Thread.sleep(200);
            continue;
          }
          first = false;
        }
        int n = channel.read(buffer.clear());
        if (n > 0) {
          emit(buffer.array(), n, pending, sink);
          continue;
        }
        Object now = fileKey(file);
        if (now != null && !Objects.equals(now, key)) {
          // Rotated: the old file is read to its end. Several rotations may have happened since
          // the last look: read the files rotated after it, oldest first, then the new one.
          // What was appended between the last read and the rotation is read first.
          while ((n = channel.read(buffer.clear())) > 0) {
            emit(buffer.array(), n, pending, sink);
          }
          channel.close();
          channel = null;
          readSuccessors(file, key, buffer, pending, sink);
          TrustedLogFiles.Opened opened = TrustedLogFiles.open(file);
          channel = opened.channel();
          key = opened.key();
          continue;
        }
        Thread.sleep(100);
      }
    } finally {
      if (channel != null) {
        channel.close();
      }
    }
  }

  /**
   * Reads, oldest first, the uncompressed archives rotated after the file identified by {@code
   * key}.
   */
  private static void readSuccessors(
      Path file,
      Object key,
      ByteBuffer buffer,
      java.io.ByteArrayOutputStream pending,
      Consumer<String> sink)
      throws IOException {
    Object last = key;
    for (int guard = 0; guard < 10_000; guard++) {
      int index = archiveIndex(file, last);
      if (index <= 1) {
        return; // the newest archive (or unknown, e.g. compressed): the current file is next
      }
      Path next = archive(file, index - 1);
      Object expected = fileKey(next);
      try (FileChannel c = TrustedLogFiles.openForReading(next)) {
        if (!Objects.equals(expected, fileKey(next))) {
          continue; // shifted by a rotation meanwhile: look again
        }
        int n;
        while ((n = c.read(buffer.clear())) > 0) {
          emit(buffer.array(), n, pending, sink);
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      last = expected;
    }
  }

  private static int archiveIndex(Path file, Object key) {
    for (int n = 1; n <= 1000; n++) {
      Object found = fileKey(archive(file, n));
      if (found == null) {
        return -1;
      }
      if (Objects.equals(found, key)) {
        return n;
      }
    }
    return -1;
  }

  private static Path archive(Path file, int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  private static Object fileKey(Path file) {
    return TrustedLogFiles.fileKey(file);
  }

  private static void emit(
      byte[] data, int length, java.io.ByteArrayOutputStream pending, Consumer<String> sink) {
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (data[i] == '\n') {
        pending.write(data, start, i - start);
        sink.accept(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
        start = i + 1;
      }
    }
    pending.write(data, start, length - start);
  }
}
