package io.svc4j.metrics.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape, checked by Prometheus's own parser and linter ({@code promtool check metrics}, from
 * Debian's prometheus package) before any value is read: a body promtool rejects or lints (a
 * counter without {@code _total}, a unit in the wrong place, a malformed line) fails the test.
 * Values are then read from the sample lines promtool accepted.
 */
public final class Scrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** A sample: its name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;
  private final Map<String, String> types;

  private Scrape(String text, List<Sample> samples, Map<String, String> types) {
    this.text = text;
    this.samples = samples;
    this.types = types;
  }

  /** GETs {@code url} and checks the body with promtool. */
  public static Scrape get(String url) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      return check(r.body());
    }
  }

  /** Runs {@code promtool check metrics} on {@code text}: it must pass with no lint finding. */
  public static Scrape check(String text) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String findings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(findings).as("promtool check metrics findings").isBlank();
    assertThat(p.exitValue()).as("promtool exit code; findings: %s", findings).isZero();
    return parse(text);
  }

  static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] f = line.substring(7).split(" ");
        types.put(f[0], f[1]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line %s", line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return new Scrape(text, samples, types);
  }

  public String text() {
    return text;
  }

  /** The {@code # TYPE} of metric family {@code family}, or null. */
  public String type(String family) {
    return types.get(family);
  }

  /** Samples named {@code name} whose labels include {@code labels} (name, value pairs). */
  public List<Sample> find(String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    outer:
    for (Sample s : samples) {
      if (!s.name().equals(name)) {
        continue;
      }
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
          continue outer;
        }
      }
      found.add(s);
    }
    return found;
  }

  /** The value of the one sample that matches; fails when there is none or several. */
  public double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    assertThat(found).as("samples %s %s in\n%s", name, List.of(labels), text).hasSize(1);
    return found.get(0).value();
  }

  /** The value, or 0 when no such sample is exported yet (a counter not incremented yet). */
  public double valueOrZero(String name, String... labels) {
    List<Sample> found = find(name, labels);
    assertThat(found).as("samples %s %s", name, List.of(labels)).hasSizeLessThan(2);
    return found.isEmpty() ? 0 : found.get(0).value();
  }

  /** Each family name appears in one {@code # TYPE} line only (no duplicated process_* set). */
  public long familiesStartingWith(String prefix) {
    return types.keySet().stream().filter(n -> n.startsWith(prefix)).count();
  }
}
