package io.svc4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The file watcher benchmark: {@code svc4j watch --debounce 0} against {@code inotifywait -m -r},
 * both as processes printing one line per event, on the same trees in one run: write-to-event
 * latency (each write waits for its line before the next), files missed in a burst written as fast
 * as possible (both watching at once), and setup time and RSS on a large tree.
 *
 * <p>Usage: {@code WatcherBench SVC4J_JAR WRITES BURST DIRS FILES_PER_DIR}
 */
public final class WatcherBench {

  private WatcherBench() {}

  /** A watcher process and the first time each file name appeared in its output. */
  static final class Watcher implements AutoCloseable {
    final String label;
    final Process process;
    final Map<String, Long> seen = new ConcurrentHashMap<>();
    final long startedNanos = System.nanoTime();
    volatile long lastLineNanos = System.nanoTime();

    Watcher(String label, List<String> command) throws IOException {
      this.label = label;
      this.process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    lastLineNanos = now;
                    String l = line.replace(" (rescan)", "");
                    seen.putIfAbsent(l.substring(l.lastIndexOf('/') + 1), now);
                  }
                } catch (IOException e) {
                  // process ended
                }
              });
    }

    /** Touches probes until one is reported: the watcher is ready. Returns the setup time. */
    double awaitReady(Path dir) throws Exception {
      for (int i = 0; ; i++) {
        String name = "probe-" + label + "-" + i;
        Files.writeString(dir.resolve(name), "p");
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < until) {
          if (seen.containsKey(name)) {
            return (seen.get(name) - startedNanos) / 1e6;
          }
          if (!process.isAlive()) {
            throw new IllegalStateException(label + " exited with " + process.exitValue());
          }
          Thread.sleep(5);
        }
      }
    }

    long rssKib() throws IOException {
      for (String l :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * The JVM options docs/watcher.md gives for running the watcher as a service (the same choice as
   * bin/svc4j and the installed supervisor's: serial GC with a heap that starts small and grows on
   * demand, C1 only, small stacks, no hsperfdata file).
   */
  static final List<String> WATCH_JVM_OPTIONS =
      System.getenv("WATCH_JVM_OPTIONS") != null
          ? List.of(System.getenv("WATCH_JVM_OPTIONS").trim().split("\\s+"))
          : List.of(
              "-XX:+UseSerialGC",
              "-Xms8m",
              "-XX:TieredStopAtLevel=1",
              "-XX:CICompilerCount=1",
              "-Xss512k",
              "-XX:-UsePerfData",
              "--enable-native-access=ALL-UNNAMED");

  static Watcher svc4j(String jar, Path dir) throws IOException {
    return svc4j(jar, dir, WATCH_JVM_OPTIONS, "svc4j");
  }

  static Watcher svc4j(String jar, Path dir, List<String> jvmOptions, String label)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-jar", jar, "watch", "--debounce", "0", "--name", "bench", dir.toString()));
    return new Watcher(label, command);
  }

  static Watcher inotifywait(Path dir) throws IOException {
    return new Watcher(
        "inotifywait",
        List.of(
            "inotifywait",
            "-m",
            "-r",
            "-q",
            "-e",
            "create,modify,moved_to,delete",
            "--format",
            "%w%f",
            dir.toString()));
  }

  /**
   * Both watchers at once, on a directory each, the writes alternating between them (who goes first
   * alternates too): each write waits for its line before the next, and both see the same machine
   * load. Returns the sorted latencies in ms, {@code [0]} svc4j's and {@code [1]} the baseline's.
   */
  static double[][] latencies(Watcher w, Path wDir, Watcher b, Path bDir, int writes, String round)
      throws IOException {
    double[] ws = new double[writes];
    double[] bs = new double[writes];
    for (int i = 0; i < writes; i++) {
      if (i % 2 == 0) {
        ws[i] = latency(w, wDir, round + i);
        bs[i] = latency(b, bDir, round + i);
      } else {
        bs[i] = latency(b, bDir, round + i);
        ws[i] = latency(w, wDir, round + i);
      }
    }
    java.util.Arrays.sort(ws);
    java.util.Arrays.sort(bs);
    return new double[][] {ws, bs};
  }

  static double latency(Watcher w, Path dir, String id) throws IOException {
    String name = "lat-" + w.label + "-" + id;
    long t0 = System.nanoTime();
    Files.writeString(dir.resolve(name), "x");
    long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
    Long seen;
    while ((seen = w.seen.get(name)) == null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000);
    }
    return seen == null ? 10_000 : (seen - t0) / 1e6;
  }

  static String latencyRow(String what, int writes, double[][] r) {
    double[] s = r[0];
    double[] b = r[1];
    return String.format(
        Locale.ROOT,
        "| write -> event latency, %s: %d new files one at a time, debounce off | p50 %.2f ms, p99 %.2f ms | inotifywait p50 %.2f ms, p99 %.2f ms | p50 %.2fx, p99 %.2fx |",
        what,
        writes,
        pct(s, .5),
        pct(s, .99),
        pct(b, .5),
        pct(b, .99),
        pct(s, .5) / pct(b, .5),
        pct(s, .99) / pct(b, .99));
  }

  static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** Waits until neither watcher printed anything for 3 s (at most 3 minutes). */
  static void quiet(List<Watcher> ws) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < end) {
      long last = ws.stream().mapToLong(w -> w.lastLineNanos).max().orElse(0);
      if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(3)) {
        return;
      }
      Thread.sleep(200);
    }
  }

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    int writes = Integer.parseInt(args[1]);
    int burst = Integer.parseInt(args[2]);
    int dirs = Integer.parseInt(args[3]);
    int perDir = Integer.parseInt(args[4]);
    Path root = Files.createTempDirectory("svc4j-watch-bench");
    List<String> rows = new ArrayList<>();
    String loadBefore = loadAverage();
    String started =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

    // 1. latency, debounce off, both watching (a directory each), writes alternating; the first
    // round is cold (just after start), the second the same again once both have run it.
    Path sLat = Files.createDirectories(root.resolve("latency-svc4j"));
    Path bLat = Files.createDirectories(root.resolve("latency-inotifywait"));
    try (Watcher w = svc4j(jar, sLat);
        Watcher i = inotifywait(bLat)) {
      w.awaitReady(sLat);
      i.awaitReady(bLat);
      rows.add(
          latencyRow(
              "cold (the first writes after start)",
              writes,
              latencies(w, sLat, i, bLat, writes, "c")));
      rows.add(
          latencyRow("warm (the next writes)", writes, latencies(w, sLat, i, bLat, writes, "w")));
    }

    // 2. burst: both watching the same directory at once
    Path bd = Files.createDirectories(root.resolve("burst"));
    try (Watcher w = svc4j(jar, bd);
        Watcher i = inotifywait(bd)) {
      w.awaitReady(bd);
      i.awaitReady(bd);
      for (int k = 0; k < burst; k++) {
        Files.writeString(bd.resolve("b-" + k), "x");
      }
      quiet(List.of(w, i));
      long sMissed = missed(w, burst);
      long iMissed = missed(i, burst);
      rows.add(
          String.format(
              Locale.ROOT,
              "| files missed in a burst of %d new files (both watching at once) | %d | inotifywait %d | |",
              burst,
              sMissed,
              iMissed));
    }

    // 3. setup time and RSS on a large tree
    Path tree = Files.createDirectories(root.resolve("tree"));
    for (int d = 0; d < dirs; d++) {
      Path sub = Files.createDirectories(tree.resolve("d" + d / 100).resolve("e" + d));
      for (int f = 0; f < perDir; f++) {
        Files.writeString(sub.resolve("f" + f), "x");
      }
    }
    double sSetup;
    long sRss;
    double pSetup;
    long pRss;
    double iSetup;
    long iRss;
    try (Watcher w = svc4j(jar, tree)) {
      sSetup = w.awaitReady(tree);
      sRss = w.rssKib();
    }
    try (Watcher w = svc4j(jar, tree, List.of("--enable-native-access=ALL-UNNAMED"), "plain")) {
      pSetup = w.awaitReady(tree);
      pRss = w.rssKib();
    }
    try (Watcher w = inotifywait(tree)) {
      iSetup = w.awaitReady(tree);
      iRss = w.rssKib();
    }
    rows.add(
        String.format(
            Locale.ROOT,
            "| setup (start -> first event) on %d directories / %d files | %.0f ms (plain `java -jar`: %.0f ms) | inotifywait %.0f ms | %.2fx (plain %.2fx) |",
            dirs,
            dirs * perDir,
            sSetup,
            pSetup,
            iSetup,
            sSetup / iSetup,
            pSetup / iSetup));
    rows.add(
        String.format(
            Locale.ROOT,
            "| RSS after setup on that tree | svc4j JVM %.1f MiB (plain `java -jar`: %.1f MiB) | inotifywait %.1f MiB | %.2fx (plain %.2fx) |",
            sRss / 1024.0,
            pRss / 1024.0,
            iRss / 1024.0,
            (double) sRss / iRss,
            (double) pRss / iRss));

    StringBuilder md = new StringBuilder();
    md.append("| measure | svc4j watch | baseline (same run) | ratio |\n|---|---|---|---|\n");
    rows.forEach(r -> md.append(r).append('\n'));
    md.append(
        String.format(
            Locale.ROOT,
            "%nRun %s on %d cores, load average (1/5/15 min) %s before and %s after; svc4j with %s.%n",
            started,
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage(),
            String.join(" ", WATCH_JVM_OPTIONS)));
    System.out.print(md);
    Path out = Path.of("bench/results/watcher-latest.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, md.toString());
    }
    try (var walk = Files.walk(root)) {
      List<Path> all = new ArrayList<>(walk.toList());
      Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  static long missed(Watcher w, int burst) {
    long n = 0;
    for (int k = 0; k < burst; k++) {
      if (!w.seen.containsKey("b-" + k)) {
        n++;
      }
    }
    return n;
  }
}
