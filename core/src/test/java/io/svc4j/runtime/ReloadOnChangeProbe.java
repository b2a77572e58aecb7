package io.svc4j.runtime;

import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A real process for {@link ReloadOnChangeTest}: a reloadable service hosted with {@code
 * withReloadOnChange(CONFIG)}; every state change and every reload (with the config it read) is a
 * line in LOG. Args: CONFIG LOG.
 */
public final class ReloadOnChangeProbe implements Service, Reloadable {

  private final Path config;
  private final Path log;

  private ReloadOnChangeProbe(Path config, Path log) {
    this.config = config;
    this.log = log;
  }

  public static void main(String[] args) {
    Path config = Path.of(args[0]);
    Path log = Path.of(args[1]);
    ReloadOnChangeProbe probe = new ReloadOnChangeProbe(config, log);
    LifecycleListener states =
        new LifecycleListener() {
          @Override
          public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
            probe.line("state " + to);
          }
        };
    System.exit(
        ServiceHost.run(
            probe,
            HostOptions.named("reload-probe")
                .withReloadOnChange(Duration.ofMillis(100), List.of(config)),
            states));
  }

  private synchronized void line(String text) {
    try {
      Files.writeString(log, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    line("start " + Files.readString(config).strip());
  }

  @Override
  public void reload(ServiceContext context) throws Exception {
    line("reload " + Files.readString(config).strip());
  }

  @Override
  public void stop(ServiceContext context) {
    line("stop");
  }
}
