package io.svc4j.watcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The saved state of the watched trees (type, size, mtime, inode per path; a SHA-256 only for the
 * files asked for), so that a restarted watcher reports what changed while it was not running. One
 * line per path: {@code TYPE<TAB>SIZE<TAB>MTIME_NANOS<TAB>FILE_KEY<TAB>SHA256<TAB>PATH} ({@code -}
 * for no key or no hash); version 1 files (without the hash column) are read too. Paths with a line
 * break are not saved (they are reported as created at the next start).
 */
final class Snapshots {

  private static final String HEADER_V1 = "# svc4j watch snapshot v1";
  private static final String HEADER = "# svc4j watch snapshot v2";

  /** What a snapshot file holds: the entries, and the hashes of the files that were hashed. */
  record Snapshot(Map<String, Entry> entries, Map<String, String> hashes) {}

  private Snapshots() {}

  static Snapshot load(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    boolean v1 = !lines.isEmpty() && lines.get(0).equals(HEADER_V1);
    if (lines.isEmpty() || !(v1 || lines.get(0).equals(HEADER))) {
      throw new IOException(
          file + " is not a svc4j watch snapshot: remove it or name another file");
    }
    int fields = v1 ? 5 : 6;
    Map<String, Entry> out = new HashMap<>();
    Map<String, String> hashes = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", fields);
      if (f.length != fields) {
        throw new IOException(file + ":" + (i + 1) + ": not a snapshot line: remove the file");
      }
      String path = f[fields - 1];
      if (!v1 && !f[4].equals("-")) {
        hashes.put(path, f[4]);
      }
      try {
        out.put(
            path,
            new Entry(
                FileType.valueOf(f[0]),
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                f[3].equals("-") ? null : f[3]));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + (i + 1) + ": not a snapshot line: remove the file", e);
      }
    }
    return new Snapshot(out, hashes);
  }

  /** Written to a temporary file and moved over {@code file}: a crash leaves the old one whole. */
  static void save(Path file, Map<String, Entry> entries, Map<String, String> hashes)
      throws IOException {
    String body =
        entries.entrySet().stream()
            .filter(e -> e.getKey().indexOf('\n') < 0 && e.getKey().indexOf('\r') < 0)
            .map(
                e ->
                    e.getValue().type()
                        + "\t"
                        + e.getValue().size()
                        + "\t"
                        + e.getValue().mtimeNanos()
                        + "\t"
                        + (e.getValue().fileKey() == null ? "-" : e.getValue().fileKey())
                        + "\t"
                        + hashes.getOrDefault(e.getKey(), "-")
                        + "\t"
                        + e.getKey())
            .collect(Collectors.joining("\n", HEADER + "\n", "\n"));
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".svc4j-watch-", ".tmp");
    try {
      Files.writeString(tmp, body, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
