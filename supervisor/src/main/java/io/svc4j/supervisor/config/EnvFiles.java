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
      List<String> lines;
      try {
        lines = Files.readAllLines(path);
      } catch (NoSuchFileException e) {
        if (optional) {
          continue;
        }
        throw new ConfigException(
            setting,
            "'" + path + "' does not exist; create it or write '-" + spec + "' if optional");
      } catch (IOException e) {
        throw new ConfigException(setting, "cannot read '" + path + "': " + e.getMessage());
      }
      for (int n = 0; n < lines.size(); n++) {
        parseLine(lines.get(n), out, setting, path, n + 1);
      }
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
    if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigException(
          setting,
          path + " line " + lineNumber + ": expected KEY=VALUE, got '" + raw.strip() + "'");
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
            setting, path + " line " + lineNumber + ": the double quote is not closed");
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
