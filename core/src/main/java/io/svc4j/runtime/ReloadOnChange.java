package io.svc4j.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Files whose change triggers the service's {@code reload()}, as SIGHUP does (same RELOADING /
 * READY reporting to the manager), once the files have been quiet for {@code debounce}.
 *
 * @param files the files (absolute, normalized); their directories must exist
 * @param debounce how long the files must be quiet before the reload is requested
 */
public record ReloadOnChange(List<Path> files, Duration debounce) {

  /** Nothing watched. */
  public static final ReloadOnChange NONE = new ReloadOnChange(List.of(), Duration.ofMillis(200));

  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  public ReloadOnChange {
    files = files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Objects.requireNonNull(debounce, "debounce");
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("reload debounce must not be negative, got " + debounce);
    }
    for (Path f : files) {
      if (f.getParent() == null) {
        throw new IllegalArgumentException("cannot watch " + f + " for reload: name a file");
      }
    }
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }
}
