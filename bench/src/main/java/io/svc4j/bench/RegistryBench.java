package io.svc4j.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry benchmark: heartbeats/s and p99 latency of {@code svc4j registry serve} (in-memory)
 * against etcd's own lease keepalive through its client API (the v3 JSON gateway, with the same
 * HTTP client and concurrency), both as separate processes on this machine in the same run; the
 * registry's eviction lag and its RSS per 10,000 instances.
 *
 * <p>Usage: {@code RegistryBench SVC4J_JAR INSTANCES SECONDS CONCURRENCY}
 */
public final class RegistryBench {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RegistryBench() {}

  record Load(double perSecond, double p50Ms, double p99Ms, long errors) {}

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    int instances = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    Path tmp = Files.createTempDirectory("svc4j-registry-bench");
    List<String> rows = new ArrayList<>();

    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process registry =
        new ProcessBuilder(java, "-jar", jar, "registry", "serve", "--port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("registry.log").toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    Load regPaced;
    Load regMax;
    long rssPer;
    double evictP99;
    try {
      waitFor(base + "/readyz");
      long rss0 = rss(registry.pid());
      run(
          instances,
          concurrency,
          i ->
              put(
                  base + "/v1/services/bench/instances/i" + i,
                  "{\"ttlSeconds\":120,\"heartbeatSeconds\":10}"),
          0,
          0);
      long rss1 = rss(registry.pid());
      rssPer = (rss1 - rss0) * 10_000L / instances;
      String beat = "{\"status\":\"UP\",\"cpu\":0.01,\"rssBytes\":50000000}";
      regPaced =
          run(
              instances,
              concurrency,
              i ->
                  put(
                      base + "/v1/services/bench/instances/i" + (i % instances) + "/heartbeat",
                      beat),
              seconds,
              instances / 10);
      regMax =
          run(
              instances,
              concurrency,
              i ->
                  put(
                      base + "/v1/services/bench/instances/i" + (i % instances) + "/heartbeat",
                      beat),
              seconds,
              0);
      // Eviction lag: 1000 instances with a 2 s TTL and no heartbeat.
      run(
          1000,
          concurrency,
          i ->
              put(
                  base + "/v1/services/evict/instances/e" + i,
                  "{\"ttlSeconds\":2,\"heartbeatSeconds\":1}"),
          0,
          0);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && get(base + "/v1/services/evict").contains("\"id\"")) {
        Thread.sleep(100);
      }
      Matcher m =
          Pattern.compile("svc4j_registry_eviction_lag_seconds\\{quantile=\"0.99\"\\} ([0-9.E-]+)")
              .matcher(get(base + "/metrics"));
      evictP99 = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    } finally {
      registry.destroy();
      registry.waitFor();
    }

    int client = freePort();
    int peer = freePort();
    String etcdUrl = "http://127.0.0.1:" + client;
    Process etcd =
        new ProcessBuilder(
                "etcd",
                "--data-dir",
                tmp.resolve("etcd").toString(),
                "--listen-client-urls",
                etcdUrl,
                "--advertise-client-urls",
                etcdUrl,
                "--listen-peer-urls",
                "http://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + peer,
                "--initial-cluster",
                "default=http://127.0.0.1:" + peer)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("etcd.log").toFile())
            .start();
    Load etcdPaced;
    Load etcdMax;
    long etcdRssPer;
    try {
      waitFor(etcdUrl + "/health");
      long rss0 = rss(etcd.pid());
      long[] leases = new long[instances];
      Pattern id = Pattern.compile("\"ID\":\"(\\d+)\"");
      run(
          instances,
          concurrency,
          i -> {
            String r = post(etcdUrl + "/v3/lease/grant", "{\"TTL\":120}");
            Matcher lm = id.matcher(r);
            if (!lm.find()) {
              throw new IllegalStateException("lease grant: " + r);
            }
            leases[i] = Long.parseLong(lm.group(1));
            return r;
          },
          0,
          0);
      etcdRssPer = (rss(etcd.pid()) - rss0) * 10_000L / instances;
      etcdPaced =
          run(
              instances,
              concurrency,
              i ->
                  post(
                      etcdUrl + "/v3/lease/keepalive",
                      "{\"ID\":\"" + leases[i % instances] + "\"}"),
              seconds,
              instances / 10);
      etcdMax =
          run(
              instances,
              concurrency,
              i ->
                  post(
                      etcdUrl + "/v3/lease/keepalive",
                      "{\"ID\":\"" + leases[i % instances] + "\"}"),
              seconds,
              0);
    } finally {
      etcd.destroy();
      etcd.waitFor();
    }

    rows.add(
        row(
            instances
                + " instances heartbeating every 10 s ("
                + instances / 10
                + "/s offered), latency",
            fmt(regPaced),
            fmt(etcdPaced) + " (etcd lease keepalive)",
            ""));
    rows.add(
        row(
            "heartbeats/s as fast as possible, " + concurrency + " concurrent clients",
            fmt(regMax),
            fmt(etcdMax) + " (etcd lease keepalive)",
            String.format(Locale.ROOT, "%.2fx", regMax.perSecond() / etcdMax.perSecond())));
    rows.add(
        row(
            "eviction lag p99 (lease expiry -> removed), 1000 instances, TTL 2 s",
            String.format(Locale.ROOT, "%.3f s", evictP99),
            "",
            ""));
    rows.add(
        row(
            "RSS per 10,000 registered instances",
            mib(rssPer) + " (registry)",
            mib(etcdRssPer) + " (etcd, 10,000 leases)",
            ""));
    String table =
        "| measure | svc4j registry (memory) | baseline (same run) | ratio |\n|---|---|---|---|\n"
            + String.join("\n", rows)
            + "\n";
    System.out.print(table);
    Path out = Path.of("bench/results/registry-latest.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, "# registry benchmark, " + Instant.now() + "\n\n" + table);
    }
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static String fmt(Load l) {
    return String.format(
        Locale.ROOT,
        "%.0f/s, p50 %.2f ms, p99 %.2f ms%s",
        l.perSecond(),
        l.p50Ms(),
        l.p99Ms(),
        l.errors() > 0 ? ", errors " + l.errors() : "");
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /**
   * Sends requests {@code call(0..)} from {@code concurrency} virtual threads: {@code count} of
   * them when {@code seconds} is 0, else for {@code seconds}, paced to {@code rate}/s when
   * non-zero.
   */
  private static Load run(
      int count, int concurrency, IntFunction<String> call, int seconds, int rate)
      throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long end = seconds == 0 ? Long.MAX_VALUE : start + Duration.ofSeconds(seconds).toNanos();
    List<long[]> perThread = new ArrayList<>();
    int[] counts = new int[concurrency];
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < concurrency; t++) {
        long[] lat = new long[4_000_000 / concurrency + 1000];
        perThread.add(lat);
        int slot = t;
        pool.submit(
            () -> {
              while (true) {
                long i = next.getAndIncrement();
                if (seconds == 0 && i >= count) {
                  return;
                }
                if (rate > 0) {
                  long due = start + i * 1_000_000_000L / rate;
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    try {
                      Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                long t0 = System.nanoTime();
                if (t0 > end) {
                  return;
                }
                try {
                  call.apply((int) (i % Integer.MAX_VALUE));
                } catch (RuntimeException e) {
                  errors.incrementAndGet();
                }
                if (counts[slot] < lat.length) {
                  lat[counts[slot]++] = System.nanoTime() - t0;
                }
              }
            });
      }
    }
    double elapsed = (Math.min(System.nanoTime(), end) - start) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int t = 0; t < concurrency; t++) {
      System.arraycopy(perThread.get(t), 0, all, k, counts[t]);
      k += counts[t];
    }
    Arrays.sort(all);
    double p50 = total == 0 ? 0 : all[total / 2] / 1e6;
    double p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
    return new Load(total / elapsed, p50, p99, errors.get());
  }

  private static String put(String url, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        200);
  }

  private static String post(String url, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        200);
  }

  private static String get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).build(), 200);
  }

  private static String send(HttpRequest r, int expected) {
    try {
      HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != expected) {
        throw new IllegalStateException(r.uri() + " -> " + resp.statusCode() + " " + resp.body());
      }
      return resp.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(String url) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " did not come up");
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
      }
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
