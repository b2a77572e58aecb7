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
    return Optional.ofNullable(matchOrNull(path));
  }

  /**
   * As {@link #match(String)}, null when it does not match. Walks the path in place: a request is
   * tried against several routes, and a route that does not match must cost no allocation.
   */
  Map<String, String> matchOrNull(String path) {
    int length = path.length();
    int at = path.startsWith("/") ? 1 : 0;
    if (at == length) {
      return segments.isEmpty() ? Map.of() : null; // "/" has no segments
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.size(); i++) {
      if (at > length) {
        return null; // the path has fewer segments
      }
      int end = path.indexOf('/', at);
      if (end < 0) {
        end = length;
      }
      String want = segments.get(i);
      if (want.startsWith("{")) {
        if (end == at) {
          return null; // a parameter is never empty
        }
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(want.substring(1, want.length() - 1), path.substring(at, end));
      } else if (want.length() != end - at || !path.startsWith(want, at)) {
        return null;
      }
      at = end + 1;
    }
    if (at != length + 1) {
      return null; // the path has more segments
    }
    return params == null ? Map.of() : params;
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
