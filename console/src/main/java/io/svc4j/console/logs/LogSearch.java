package io.svc4j.console.logs;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Searches a stream's files (the current one, then the rotated ones, compressed too) for lines that
 * contain a text, ignoring case. The text is matched literally (no regular expression, so no
 * catastrophic backtracking). Bounded: at most {@code limit} matches (the newest ones), lines cut
 * at {@link BoundedLines#MAX_LINE} bytes (a match further on in a longer line is not found), and at
 * most {@code maxBytes} read or {@code maxMillis} spent, after which the result says it is partial.
 */
final class LogSearch {

  /** One matching line and the file it is in ({@code current}, {@code rotated 1}, ...). */
  record Match(String file, String line) {}

  /**
   * The matches, oldest first; {@code partial} names the bound that stopped the search early (null
   * when every file was searched).
   */
  record Result(List<Match> matches, boolean limited, String partial) {}

  private LogSearch() {}

  static Result search(List<LogPart> parts, String text, int limit, long maxBytes, long maxMillis)
      throws IOException {
    Pattern pattern =
        Pattern.compile(text, Pattern.LITERAL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    List<List<Match>> byPart = new ArrayList<>(); // newest part first
    int found = 0;
    Budget budget = new Budget(maxBytes, maxMillis, deadline);
    String partial = null;
    for (LogPart part : parts) {
      if (part.key() == null) {
        continue; // rotated away meanwhile
      }
      int room = limit - found;
      Deque<Match> last = new ArrayDeque<>();
      String stoppedBy = null;
      try (var in = budget.count(part.open())) {
        BoundedLines.read(
            in,
            Long.MAX_VALUE,
            true,
            (start, line) -> {
              if (pattern.matcher(line).find()) {
                if (last.size() == room) {
                  last.removeFirst();
                }
                last.addLast(new Match(part.label(), line));
              }
              return true;
            });
      } catch (Budget.Spent e) {
        stoppedBy = e.getMessage();
      } catch (java.nio.file.NoSuchFileException e) {
        continue;
      }
      byPart.add(List.copyOf(last));
      found += last.size();
      if (stoppedBy != null) {
        partial = stoppedBy;
        break;
      }
      if (found >= limit) {
        break;
      }
    }
    List<Match> all = new ArrayList<>();
    for (int i = byPart.size() - 1; i >= 0; i--) {
      all.addAll(byPart.get(i));
    }
    return new Result(all, found >= limit, partial);
  }

  /** Counts what every file's stream yields (decompressed) and ends the search at its bounds. */
  private static final class Budget {
    private final long maxBytes;
    private final long maxMillis;
    private final long deadline;
    private long read;

    Budget(long maxBytes, long maxMillis, long deadline) {
      this.maxBytes = maxBytes;
      this.maxMillis = maxMillis;
      this.deadline = deadline;
    }

    /** Thrown from a read once a bound is reached; its message says which. */
    static final class Spent extends java.io.IOException {
      Spent(String message) {
        super(message, null);
      }
    }

    java.io.InputStream count(java.io.InputStream in) {
      return new java.io.FilterInputStream(in) {
        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
          if (read >= maxBytes) {
            throw new Spent("searched the newest " + (maxBytes >> 20) + " MiB only");
          }
          if (System.nanoTime() > deadline) {
            throw new Spent("stopped after " + maxMillis / 1000 + " s");
          }
          int n = super.read(b, off, (int) Math.min(len, Math.max(1, maxBytes - read)));
          if (n > 0) {
            read += n;
          }
          return n;
        }
      };
    }
  }
}
