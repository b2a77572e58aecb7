package io.svc4j.watcher;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Include/exclude globs. A glob without {@code /} matches the file name ({@code *.conf} matches
 * {@code a/b/x.conf}); a glob with {@code /} matches the path relative to the watched root ({@code
 * conf/**}). A path is reported when it matches an include (or there are none) and no exclude.
 */
public final class PathFilter {

  private record Glob(String text, PathMatcher matcher, boolean byName) {}

  private final List<Glob> includes;
  private final List<Glob> excludes;

  private PathFilter(List<Glob> includes, List<Glob> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  public static PathFilter all() {
    return new PathFilter(List.of(), List.of());
  }

  /**
   * @throws IllegalArgumentException naming the glob that does not parse
   */
  public static PathFilter of(List<String> includes, List<String> excludes) {
    return new PathFilter(
        includes.stream().map(g -> glob(g, "--include")).toList(),
        excludes.stream().map(g -> glob(g, "--exclude")).toList());
  }

  private static Glob glob(String text, String option) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(option + " glob is empty: give a pattern such as *.conf");
    }
    try {
      return new Glob(
          text, FileSystems.getDefault().getPathMatcher("glob:" + text), !text.contains("/"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          option
              + " "
              + text
              + " is not a valid glob ("
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + "): use *, **, ?, [abc] and {a,b}");
    }
  }

  /**
   * Checks one glob.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void check(String glob) {
    glob(glob, "glob");
  }

  /** Whether a change of {@code relative} (to its watched root) is reported. */
  public boolean accepts(Path relative) {
    if (!includes.isEmpty() && includes.stream().noneMatch(g -> matches(g, relative))) {
      return false;
    }
    return excludes.stream().noneMatch(g -> matches(g, relative));
  }

  private static boolean matches(Glob g, Path relative) {
    if (g.byName()) {
      Path name = relative.getFileName();
      return name != null && g.matcher().matches(name);
    }
    return g.matcher().matches(relative);
  }
}
