package io.svc4j.examples.hello.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route path such as {@code /api/items/{id}}: literal segments match exactly, {@code {name}}
 * segments match one non-empty segment and capture it.
 */
public final class PathPattern {

  private final String text;
  private final List<String> segments;

  private PathPattern(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  public static PathPattern compile(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
    }
    List<String> segments = split(pattern);
    for (String s : segments) {
      boolean open = s.startsWith("{");
      boolean close = s.endsWith("}");
      if (open != close || (open && s.length() < 3) || (!open && s.contains("{"))) {
        throw new IllegalArgumentException(
            "bad segment '" + s + "' in route pattern " + pattern + ": use {name} for a parameter");
      }
    }
    return new PathPattern(pattern, segments);
  }

  /** The captured parameters when {@code path} matches, in pattern order. */
  public Optional<Map<String, String>> match(String path) {
    return match(split(path));
  }

  /** As {@link #match(String)}, with the path already split by {@link #segments(String)}. */
  public Optional<Map<String, String>> match(List<String> parts) {
    if (parts.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String want = segments.get(i);
      String got = parts.get(i);
      if (want.startsWith("{")) {
        if (got.isEmpty()) {
          return Optional.empty();
        }
        params.put(want.substring(1, want.length() - 1), got);
      } else if (!want.equals(got)) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  /** The segments of a request path, to match against several patterns with one split. */
  public static List<String> segments(String path) {
    return split(path);
  }

  private static List<String> split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.isEmpty()) {
      return List.of();
    }
    return List.of(trimmed.split("/", -1));
  }

  @Override
  public String toString() {
    return text;
  }
}
