package io.svc4j.cli.watch;

import io.svc4j.cli.CliContext;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceOutcomeException;
import io.svc4j.supervisor.config.ConfigFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code svc4j watch --config FILE} as one svc4j service. It reloads its file on SIGHUP ({@code
 * svc4j reload}) and when the file changes (the host's reload-on-change): a file that does not
 * validate is one located error line and the running watches stay; a valid one replaces them (the
 * old watches and their actions stop, the new ones start).
 */
final class ConfiguredWatches implements Service, Reloadable {

  private static final Logger log = LoggerFactory.getLogger(ConfiguredWatches.class);

  private final Optional<Path> file;
  private final CliContext context;
  private volatile WatchGeneration current;

  ConfiguredWatches(WatchConfig config, CliContext context) {
    this(config, Optional.empty(), context);
  }

  ConfiguredWatches(WatchConfig config, Optional<Path> file, CliContext context) {
    this.file = file;
    this.context = context;
    this.current = new WatchGeneration(config, context);
  }

  @Override
  public void start(ServiceContext ctx) throws Exception {
    current.start(ctx);
  }

  @Override
  public void stop(ServiceContext ctx) {
    current.stop(ctx);
  }

  @Override
  public boolean canReload() {
    return file.isPresent();
  }

  @Override
  public void reload(ServiceContext ctx) throws Exception {
    WatchConfig next;
    try {
      next = WatchConfigFile.load(file.orElseThrow());
    } catch (ConfigFileException e) {
      throw new ServiceOutcomeException(e.getMessage() + "; the running watches stay");
    }
    WatchGeneration old = current;
    WatchGeneration fresh = new WatchGeneration(next, context);
    old.stop(ctx);
    try {
      fresh.start(ctx);
    } catch (Exception e) {
      // The old watches are gone and the new ones cannot start (the watch limit): say so, stop.
      fresh.closeActions(Duration.ofSeconds(5));
      ctx.fail(e);
      throw e;
    }
    current = fresh;
    log.info("{} reloaded: {}", file.get(), fresh.statusLine());
  }

  /** Ends the actions' threads of the current watches; idempotent. */
  void closeActions(Duration deadline) {
    current.closeActions(deadline);
  }
}
