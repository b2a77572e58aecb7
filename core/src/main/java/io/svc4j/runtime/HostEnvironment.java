package io.svc4j.runtime;

import java.util.Map;
import java.util.Optional;

/** What detection looks at, as a value so detection logic can be tested without a real process. */
public record HostEnvironment(Map<String, String> variables, String osName) {

  public static HostEnvironment current() {
    return new HostEnvironment(System.getenv(), System.getProperty("os.name", ""));
  }

  public Optional<String> variable(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public boolean isWindows() {
    return osName.toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }
}
