package io.svc4j.e2e.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A load client run inside a namespace's network ({@code nsenter -n java -cp test-classes ...}):
 * opens {@code count} connections, sends one {@code GET /api/slow?ms=N} on each, prints {@code SENT
 * <accepted> <refused>} once every request is on the wire, then waits for every response and prints
 * one {@code RESULT} line.
 *
 * <p>A request counts as accepted once its connection is established and the request written; from
 * then on anything but a complete 200 response (a reset, a truncated body, another status) is a
 * failure. Completion times are CLOCK_MONOTONIC microseconds ({@link System#nanoTime()} on Linux),
 * the clock systemd's {@code *TimestampMonotonic} properties use, so the test can tell which
 * requests were in flight when the stop began.
 *
 * <p>Usage: {@code SlowRequestLoad HOST PORT COUNT MILLIS}
 */
public final class SlowRequestLoad {

  private SlowRequestLoad() {}

  private record Outcome(boolean accepted, int status, String error, long completedMicros) {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    int millis = Integer.parseInt(args[3]);

    CountDownLatch sent = new CountDownLatch(count);
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(() -> request(host, port, millis, sent)));
      }
      sent.await();
      int accepted = 0;
      // Futures of refused connections are already done; count what got on the wire.
      for (Future<Outcome> f : futures) {
        if (!f.isDone() || f.get().accepted()) {
          accepted++;
        }
      }
      System.out.println("SENT " + accepted + " " + (count - accepted));
      System.out.flush();

      int ok = 0;
      int failed = 0;
      int refused = 0;
      List<Long> completions = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        Outcome o = f.get();
        if (!o.accepted()) {
          refused++;
        } else if (o.status() == 200) {
          ok++;
          completions.add(o.completedMicros());
        } else {
          failed++;
          if (errors.size() < 5) {
            errors.add(o.status() + ":" + o.error());
          }
        }
      }
      System.out.println(
          "RESULT ok="
              + ok
              + " failed="
              + failed
              + " refused="
              + refused
              + " completions="
              + String.join(",", completions.stream().map(String::valueOf).toList())
              + " errors="
              + String.join("|", errors).replace(' ', '_'));
    }
  }

  private static Outcome request(String host, int port, int millis, CountDownLatch sent) {
    Socket socket = new Socket();
    try (socket) {
      try {
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        socket
            .getOutputStream()
            .write(
                ("GET /api/slow?ms="
                        + millis
                        + " HTTP/1.1\r\nHost: "
                        + host
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      } catch (IOException e) {
        sent.countDown();
        return new Outcome(false, 0, e.toString(), 0);
      }
      sent.countDown();
      byte[] response = readToEnd(socket.getInputStream());
      long done = System.nanoTime() / 1_000;
      return parse(response, done);
    } catch (IOException e) {
      return new Outcome(true, 0, e.toString(), System.nanoTime() / 1_000);
    }
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toByteArray();
  }

  /** Status from the status line; a response counts only if its whole body arrived. */
  private static Outcome parse(byte[] response, long done) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) {
      return new Outcome(true, 0, "incomplete response: " + abbreviate(text), done);
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String headers = text.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
    int bodyLength = response.length - headerEnd - 4;
    int lengthAt = headers.indexOf("\r\ncontent-length:");
    if (lengthAt >= 0) {
      int eol = headers.indexOf("\r\n", lengthAt + 2);
      int declared =
          Integer.parseInt(
              headers.substring(lengthAt + 17, eol < 0 ? headers.length() : eol).strip());
      if (declared != bodyLength) {
        return new Outcome(
            true, 0, "truncated body: " + bodyLength + " of " + declared + " bytes", done);
      }
    } else if (headers.contains("transfer-encoding: chunked") && !text.endsWith("0\r\n\r\n")) {
      return new Outcome(true, 0, "truncated chunked body", done);
    }
    return new Outcome(true, status, status == 200 ? "" : abbreviate(text), done);
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
