package io.svc4j.supervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Environment files in systemd's EnvironmentFile= format: {@code KEY=VALUE} lines, {@code #} and
 * {@code ;} comments, blank lines, values optionally in single or double quotes (with {@code \"},
 * {@code \\} and {@code \n} escapes inside double quotes), an optional {@code export} prefix. No
 * variable expansion inside files. A path starting with {@code -} may be missing.
 *
 * <p>These files hold secrets: a file that another user than root (or this process's user) could
 * change is refused ({@link SecretFiles}), and no error message ever shows a line's content, only
 * {@code file:line}.
 */
public final class EnvFiles {

  private EnvFiles() {}

  /** Reads the files in order (later ones win), relative paths against {@code base}. */
  public static Map<String, String> read(List<String> files, Path base) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String spec = files.get(i);
      boolean optional = spec.startsWith("-");
      Path path = Path.of(optional ? spec.substring(1) : spec);
      if (base != null && !path.isAbsolute()) {
        path = base.resolve(path);
      }
      String setting = "environment-files[" + i + "]";
      if (optional && !Files.exists(path)) {
        continue;
      }
      out.putAll(read(path, setting, "create it or write '-" + spec + "' if optional"));
    }
    return out;
  }

  /**
   * Reads one file that must exist, after checking that only root (or this user) can change it;
   * errors are {@link ConfigException}s of {@code setting}, {@code missingHint} tells how to fix a
   * missing file.
   */
  public static Map<String, String> read(Path path, String setting, String missingHint) {
    List<String> lines;
    try {
      if (Files.exists(path)) {
        var problem = SecretFiles.untrusted(path);
        if (problem.isPresent()) {
          throw new ConfigException(setting, problem.get());
        }
      }
      lines = Files.readAllLines(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(setting, "'" + path + "' does not exist; " + missingHint);
    } catch (IOException e) {
      throw new ConfigException(setting, "cannot read '" + path + "': " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      parseLine(lines.get(n), out, setting, path, n + 1);
    }
    return out;
  }

  private static void parseLine(
      String raw, Map<String, String> out, String setting, Path path, int lineNumber) {
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
      return;
    }
    if (line.startsWith("export ")) {
      line = line.substring("export ".length()).strip();
    }
    int eq = line.indexOf('=');
    String key = eq < 0 ? "" : line.substring(0, eq).strip();
    if (!VariableNames.isValid(key)) {
      // Never the line itself: it may be a secret (a value pasted without its name, say).
      throw new ConfigException(
          setting,
          path
              + ":"
              + lineNumber
              + ": expected KEY=VALUE with a KEY of letters, digits and '_' (the line is not"
              + " shown: it may hold a secret)");
    }
    out.put(key, unquote(line.substring(eq + 1).strip(), setting, path, lineNumber));
  }

  private static String unquote(String value, String setting, Path path, int lineNumber) {
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      return value.substring(1, value.length() - 1);
    }
    if (value.startsWith("\"")) {
      if (value.length() < 2 || !value.endsWith("\"")) {
        throw new ConfigException(
            setting, path + ":" + lineNumber + ": the double quote is not closed");
      }
      StringBuilder out = new StringBuilder();
      String inner = value.substring(1, value.length() - 1);
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        if (c == '\\' && i + 1 < inner.length()) {
          char next = inner.charAt(++i);
          out.append(next == 'n' ? '\n' : next);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    return value;
  }
}
