package io.svc4j.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the host runs a service.
 *
 * @param name the service name reported to the manager and in logs
 * @param stopDeadline how long stop() may take before the process exits with {@link
 *     ExitCodes#STOP_DEADLINE_EXCEEDED}
 * @param livenessTimeout how long one {@code isAlive()} call may block before the service counts as
 *     stuck
 * @param extensions extensions given by the application (e.g. metrics into its own registry),
 *     attached before the ones found with ServiceLoader
 * @param reloadOnChange files whose change triggers the service's reload, as SIGHUP does
 */
public record HostOptions(
    String name,
    Duration stopDeadline,
    Duration livenessTimeout,
    List<HostExtension> extensions,
    ReloadOnChange reloadOnChange) {

  public static final Duration DEFAULT_STOP_DEADLINE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LIVENESS_TIMEOUT = Duration.ofSeconds(5);

  public HostOptions {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("service name must not be blank");
    }
    if (stopDeadline.isNegative() || stopDeadline.isZero()) {
      throw new IllegalArgumentException("stop deadline must be positive, got " + stopDeadline);
    }
    if (livenessTimeout.isNegative() || livenessTimeout.isZero()) {
      throw new IllegalArgumentException(
          "liveness timeout must be positive, got " + livenessTimeout);
    }
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(reloadOnChange, "reloadOnChange");
  }

  public HostOptions(
      String name,
      Duration stopDeadline,
      Duration livenessTimeout,
      List<HostExtension> extensions) {
    this(name, stopDeadline, livenessTimeout, extensions, ReloadOnChange.NONE);
  }

  public HostOptions(String name, Duration stopDeadline, Duration livenessTimeout) {
    this(name, stopDeadline, livenessTimeout, List.of());
  }

  public static HostOptions named(String name) {
    return new HostOptions(name, DEFAULT_STOP_DEADLINE, DEFAULT_LIVENESS_TIMEOUT);
  }

  public HostOptions withStopDeadline(Duration deadline) {
    return new HostOptions(name, deadline, livenessTimeout, extensions, reloadOnChange);
  }

  /** These options with {@code extension} attached too (for example metrics). */
  public HostOptions withExtension(HostExtension extension) {
    List<HostExtension> more = new ArrayList<>(extensions);
    more.add(Objects.requireNonNull(extension, "extension"));
    return new HostOptions(name, stopDeadline, livenessTimeout, more, reloadOnChange);
  }

  /**
   * These options with the service's {@code reload()} requested when one of {@code files} changes
   * (the same RELOADING / READY reporting as SIGHUP), once they have been quiet for {@code
   * debounce}. The service must be {@link io.svc4j.service.Reloadable}.
   */
  public HostOptions withReloadOnChange(Duration debounce, List<java.nio.file.Path> files) {
    return new HostOptions(
        name, stopDeadline, livenessTimeout, extensions, new ReloadOnChange(files, debounce));
  }
}
