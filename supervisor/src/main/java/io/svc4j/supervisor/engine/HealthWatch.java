package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.health.HealthMonitor;
import java.util.List;

/** A running health check of one run: its last result, and a close that stops it. */
public interface HealthWatch extends AutoCloseable {

  /** "ok", the last failed check's reason, or "" before the first check. */
  String lastResult();

  @Override
  void close();

  /** Starts health checks; production: {@link HealthMonitor}; engine tests: a fake. */
  interface Starter {
    HealthWatch start(
        HealthCheckSettings settings,
        HealthMonitor.Listener listener,
        String name,
        List<String> commandPrefix);
  }

  /** The real checks ({@link HealthMonitor}). */
  static HealthWatch.Starter monitor() {
    return (settings, listener, name, prefix) -> {
      HealthMonitor m = HealthMonitor.start(settings, listener, name, prefix);
      return new HealthWatch() {
        @Override
        public String lastResult() {
          return m.lastResult();
        }

        @Override
        public void close() {
          m.close();
        }
      };
    };
  }
}
