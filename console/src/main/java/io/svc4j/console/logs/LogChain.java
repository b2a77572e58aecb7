package io.svc4j.console.logs;

import io.svc4j.supervisor.logs.TrustedLogFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one captured stream, newest first: the file being written, then what the
 * supervisor's rotation left ({@code name.rotating-N} while being compressed, then {@code name.1} /
 * {@code name.1.gz}, {@code name.2}, ...). Found by listing the directory, so it follows whatever
 * {@code keep} and {@code gzip} the supervisor has now.
 */
final class LogChain {

  private LogChain() {}

  static List<LogPart> of(Path file) throws IOException {
    String name = file.getFileName().toString();
    Pattern archive = Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,6})(\\.gz)?");
    Pattern rotating = Pattern.compile(Pattern.quote(name) + "\\.rotating-(\\d{1,12})");
    record Found(long order, LogPart part) {}
    List<Found> found = new ArrayList<>();
    found.add(new Found(Long.MIN_VALUE, new LogPart(file, "current", false)));
    Path dir = file.toAbsolutePath().getParent();
    List<String> names = List.of();
    if (dir != null) {
      try {
        names = TrustedLogFiles.list(dir); // plain files only, through the checked directory
      } catch (NoSuchFileException e) {
        // no directory (yet): only the current file, which is not there either
      }
    }
    for (String n : names) {
      Path p = dir.resolve(n);
      Matcher m = archive.matcher(n);
      if (m.matches()) {
        int index = Integer.parseInt(m.group(1));
        boolean gz = m.group(2) != null;
        // name.N before name.N.gz: the plain one is the newer while compression is switched on
        found.add(new Found(index * 2L + (gz ? 1 : 0), new LogPart(p, "rotated " + index, gz)));
        continue;
      }
      Matcher r = rotating.matcher(n);
      if (r.matches()) {
        // Renamed away at rotation, waiting to be compressed: newer than name.1.gz; a higher
        // sequence number is a later rotation.
        found.add(new Found(-Long.parseLong(r.group(1)) - 1, new LogPart(p, "rotated 0", false)));
      }
    }
    found.sort(Comparator.comparingLong(Found::order));
    return found.stream().map(Found::part).toList();
  }
}
