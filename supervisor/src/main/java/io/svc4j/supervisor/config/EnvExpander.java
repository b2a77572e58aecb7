package io.svc4j.supervisor.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Expands {@code ${VAR}}, {@code ${VAR:-default}} and {@code $$} in configuration values. A bare
 * {@code $} not followed by {@code {} or {@code $} stays as it is, so shell snippets in values
 * survive. An undefined variable without a default is an error: a silently empty value is how
 * services end up listening on the wrong port.
 */
public final class EnvExpander {

  private EnvExpander() {}

  /**
   * Expands each value against {@code base}, and against the entries defined before it in {@code
   * values} (so {@code PATH: ${APP_HOME}/bin:${PATH}} works after {@code APP_HOME}).
   */
  public static Map<String, String> expandAll(
      Map<String, String> values, Map<String, String> base, String settingPrefix) {
    Map<String, String> scope = new LinkedHashMap<>(base);
    Map<String, String> result = new LinkedHashMap<>();
    for (var entry : values.entrySet()) {
      String expanded = expand(entry.getValue(), scope, settingPrefix + "." + entry.getKey());
      result.put(entry.getKey(), expanded);
      scope.put(entry.getKey(), expanded);
    }
    return result;
  }

  public static String expand(String value, Map<String, String> scope, String setting) {
    if (value == null) {
      throw new ConfigException(setting, "has no value; use \"\" for an empty string");
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '$' || i + 1 >= value.length()) {
        out.append(c);
        i++;
      } else if (value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (value.charAt(i + 1) == '{') {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new ConfigException(setting, "'${' at position " + i + " is not closed by '}'");
        }
        out.append(lookup(value.substring(i + 2, close), scope, setting));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String lookup(String expression, Map<String, String> scope, String setting) {
    int dflt = expression.indexOf(":-");
    String name = dflt < 0 ? expression : expression.substring(0, dflt);
    if (!VariableNames.isValid(name)) {
      throw new ConfigException(
          setting, "'${" + expression + "}' is not a valid variable reference");
    }
    String found = scope.get(name);
    if (found != null && !(dflt >= 0 && found.isEmpty())) {
      return found;
    }
    if (dflt >= 0) {
      return expression.substring(dflt + 2);
    }
    throw new ConfigException(
        setting,
        "refers to ${" + name + "}, which is not set; set it or write ${" + name + ":-default}");
  }
}
