package io.svc4j.e2e.cli;

import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;

/**
 * HTTP requests from inside a namespace's network (its loopback is not the host's), made with curl.
 */
public final class Http {

  /**
   * A response; {@code status} 0 when no HTTP response arrived (refused, reset, timed out).
   *
   * @param status HTTP status code or 0
   * @param body response body
   * @param error curl's message when there was no response
   */
  public record Response(int status, String body, String error) {}

  private final SystemdNamespace ns;

  public Http(SystemdNamespace ns) {
    this.ns = ns;
  }

  public Response get(int port, String path) {
    return request("GET", port, path);
  }

  public Response post(int port, String path) {
    return request("POST", port, path);
  }

  private Response request(String method, int port, String path) {
    ExecResult r =
        ns.exec(
            "curl",
            "-sS",
            "--max-time",
            "20",
            "-X",
            method,
            "-w",
            "\n%{http_code}",
            "http://127.0.0.1:" + port + path);
    String out = r.stdout();
    if (out.isBlank()) {
      throw new IllegalStateException(
          "curl gave no output (is the Debian package 'curl' installed?): " + r);
    }
    int cut = out.lastIndexOf('\n');
    int status = Integer.parseInt(out.substring(cut + 1).strip());
    return new Response(status, out.substring(0, Math.max(cut, 0)), r.stderr().strip());
  }
}
