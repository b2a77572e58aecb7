package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A request whose bytes arrive after a stop began, on a connection the server accepted before: the
 * case a restart under load hits at random, made deterministic. The connection first carries one
 * complete request (so the stop's wait for first requests does not wait for it: it is an ordinary
 * keep-alive connection), then the head of a second one begins and goes on one header line every
 * 100 ms (a client still sending, so the connection never counts as idle) until {@link #finish}
 * sends its end, once the test knows the stop has reached the point it wants.
 */
final class LateRequest implements AutoCloseable {

  private static final Duration LINE_EVERY = Duration.ofMillis(100);

  private final Socket socket = new Socket();
  private final OutputStream out;
  private final InputStream in;
  private final Thread trickle;
  private volatile boolean trickling = true;
  private volatile IOException trickleFailure;

  LateRequest(int port, String path) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    write("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
    String first = readResponse();
    assertThat(first).as("first request, before the stop").startsWith("HTTP/1.1 200");
    write("GET " + path + " HTTP/1.1\r\nHost: test\r\n");
    trickle =
        Thread.ofPlatform()
            .daemon()
            .name("late-request")
            .start(
                () -> {
                  try {
                    for (int i = 0; trickling; i++) {
                      write("X-Still-Sending: " + i + "\r\n");
                      Thread.sleep(LINE_EVERY.toMillis());
                    }
                  } catch (IOException e) {
                    trickleFailure = e;
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
  }

  /** Ends the request's head and returns everything the server sent until it closed. */
  String finish() throws Exception {
    trickling = false;
    trickle.join(Duration.ofSeconds(10));
    if (trickleFailure != null) {
      throw trickleFailure;
    }
    write("\r\n");
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private synchronized void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One response with a Content-Length body (what hello-http sends). */
  private String readResponse() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    trickling = false;
    socket.close();
  }
}
