package io.svc4j.e2e.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Continuous load run inside a namespace's network ({@code nsenter -n java -cp test-classes ...}):
 * {@code CLIENTS} threads each connect, send one {@code GET PATH} with {@code Connection: close},
 * read the whole answer and connect again, for {@code MILLIS} ms. Prints {@code RUNNING} once the
 * first 200 came back, then one line at the end: {@code RESULT ok=N refused=N reset=N timeout=N
 * other=N max_ms=N slow_connects=N errors=...}. Anything but a complete 200 is a failure; a request
 * may take up to 10 s to connect and 10 s to be answered before it counts as a timeout. A connect
 * that took {@link #SLOW_CONNECT_MS} or more had its SYN dropped and sent again (Linux's first
 * retransmission is after 1 s): nobody listened, or a listener dropped new connections, for a
 * while; it is counted apart, whatever the request's outcome.
 *
 * <p>Usage: {@code ContinuousLoad HOST PORT CLIENTS MILLIS PATH}
 */
public final class ContinuousLoad {

  private static final int TIMEOUT_MS = 10_000;
  private static final long SLOW_CONNECT_MS = 900;

  private ContinuousLoad() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int clients = Integer.parseInt(args[2]);
    long millis = Long.parseLong(args[3]);
    String path = args[4];
    byte[] request =
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    LongAdder ok = new LongAdder();
    LongAdder refused = new LongAdder();
    LongAdder reset = new LongAdder();
    LongAdder timeout = new LongAdder();
    LongAdder other = new LongAdder();
    LongAdder slowConnects = new LongAdder();
    AtomicLong maxNanos = new AtomicLong();
    ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    long end = System.nanoTime() + millis * 1_000_000;
    Object firstOk = new Object();
    boolean[] announced = {false};

    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (System.nanoTime() - end < 0) {
                      long began = System.nanoTime();
                      String outcome = once(host, port, request, slowConnects);
                      maxNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
                      switch (outcome) {
                        case "ok" -> {
                          ok.increment();
                          synchronized (firstOk) {
                            if (!announced[0]) {
                              announced[0] = true;
                              System.out.println("RUNNING");
                              System.out.flush();
                            }
                          }
                        }
                        case "refused" -> refused.increment();
                        case "timeout" -> timeout.increment();
                        default -> {
                          if (outcome.contains("reset")) {
                            reset.increment();
                          } else {
                            other.increment();
                          }
                          errors.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        }
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    StringBuilder summary = new StringBuilder();
    errors.forEach((k, v) -> summary.append(k.replace(' ', '_')).append('x').append(v).append(';'));
    System.out.println(
        "RESULT ok="
            + ok.sum()
            + " refused="
            + refused.sum()
            + " reset="
            + reset.sum()
            + " timeout="
            + timeout.sum()
            + " other="
            + other.sum()
            + " max_ms="
            + maxNanos.get() / 1_000_000
            + " slow_connects="
            + slowConnects.sum()
            + " errors="
            + (summary.isEmpty() ? "none" : summary));
    System.out.flush();
  }

  private static String once(String host, int port, byte[] request, LongAdder slowConnects) {
    try (Socket s = new Socket()) {
      long began = System.nanoTime();
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      if (System.nanoTime() - began >= SLOW_CONNECT_MS * 1_000_000) {
        slowConnects.increment();
      }
      s.setSoTimeout(TIMEOUT_MS);
      s.getOutputStream().write(request);
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      if (answer.startsWith("HTTP/1.1 200 ")) {
        return "ok";
      }
      int eol = answer.indexOf('\r');
      return "status:" + (eol < 0 ? answer : answer.substring(0, eol));
    } catch (ConnectException e) {
      return "refused";
    } catch (SocketTimeoutException e) {
      return "timeout";
    } catch (IOException e) {
      return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    }
  }
}
