package io.svc4j.supervisor.health;

import io.svc4j.supervisor.config.HealthProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one probe once. Returns null when healthy, else one line saying why not. */
final class Probes {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private Probes() {}

  static String run(HealthProbe probe, Duration timeout, List<String> commandPrefix)
      throws InterruptedException {
    return switch (probe) {
      case HealthProbe.Http http -> http(http, timeout);
      case HealthProbe.Tcp tcp -> tcp(tcp, timeout);
      case HealthProbe.Command command -> command(command, timeout, commandPrefix);
    };
  }

  private static String http(HealthProbe.Http probe, Duration timeout) throws InterruptedException {
    var request = HttpRequest.newBuilder(probe.url()).timeout(timeout).GET().build();
    try {
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= probe.minStatus() && status <= probe.maxStatus()
          ? null
          : "GET " + probe.url() + " answered " + status;
    } catch (IOException e) {
      return "GET " + probe.url() + " failed: " + e;
    }
  }

  private static String tcp(HealthProbe.Tcp probe, Duration timeout) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(probe.host(), probe.port()), (int) timeout.toMillis());
      return null;
    } catch (IOException e) {
      return "connect to " + probe.host() + ":" + probe.port() + " failed: " + e.getMessage();
    }
  }

  private static String command(HealthProbe.Command probe, Duration timeout, List<String> prefix)
      throws InterruptedException {
    Process process;
    List<String> argv = new java.util.ArrayList<>(prefix);
    argv.addAll(probe.command());
    try {
      process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return "cannot run " + probe.command().get(0) + ": " + e.getMessage();
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return probe.command().get(0) + " took longer than " + timeout.toMillis() + " ms";
    }
    int code = process.exitValue();
    return code == 0 ? null : probe.command().get(0) + " exited with " + code;
  }
}
