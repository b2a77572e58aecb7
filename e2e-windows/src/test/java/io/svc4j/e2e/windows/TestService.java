package io.svc4j.e2e.windows;

import ch.qos.logback.classic.LoggerContext;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import io.svc4j.service.Pausable;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.SystemEvent;
import io.svc4j.service.SystemEvents;
import io.svc4j.windows.eventlog.EventLogAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service the Wine tests install: an embedded svc4j service that records what happens to it in
 * {@code events.log} in its directory, so the Linux side can check that the shutdown code ran.
 *
 * <p>Usage: {@code TestService NAME DIR MODE START_MILLIS [ARGS...]}, MODE one of {@code ok} (start
 * takes START_MILLIS), {@code fail} (start throws after START_MILLIS), {@code crash} (runs, then
 * the process dies 1.5 s later without telling the SCM), {@code selfstop} (stops itself once
 * running). The remaining arguments are written to {@code args.txt}, one per line, to check the
 * binPath quoting end to end.
 */
public final class TestService implements Service, Pausable, Reloadable, SystemEvents {

  private static final Logger log = LoggerFactory.getLogger(TestService.class);

  private final Path dir;
  private final String mode;
  private final long startMillis;

  private TestService(Path dir, String mode, long startMillis) {
    this.dir = dir;
    this.mode = mode;
    this.startMillis = startMillis;
  }

  public static void main(String[] args) throws IOException {
    String name = args[0];
    Path dir = Path.of(args[1]);
    List<String> rest = List.of(args).subList(4, args.length);
    Files.write(dir.resolve("args.txt"), rest, StandardCharsets.UTF_8);
    TestService service = new TestService(dir, args[2], Long.parseLong(args[3]));
    service.event("main pid=" + ProcessHandle.current().pid() + " eventlog=" + eventLogInUse());
    int code = ServiceHost.run(service, HostOptions.named(name));
    service.event("exit " + code);
    System.exit(code);
  }

  private static boolean eventLogInUse() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    return context.getLoggerList().stream()
        .flatMap(
            logger -> {
              var appenders = new java.util.ArrayList<ch.qos.logback.core.Appender<?>>();
              logger.iteratorForAppenders().forEachRemaining(appenders::add);
              return appenders.stream();
            })
        .anyMatch(a -> a instanceof EventLogAppender e && e.writesToEventLog());
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    event("start");
    log.info("Starting in mode {} ({} ms)", mode, startMillis);
    Thread.sleep(Duration.ofMillis(startMillis));
    if (mode.equals("fail")) {
      event("start-failing");
      throw new IllegalStateException("configured to fail during start");
    }
    event("running");
    if (mode.equals("selfstop")) {
      // For the console run: ends itself cleanly once up.
      Thread.ofPlatform().daemon().start(context::requestStop);
    }
    if (mode.equals("crash")) {
      // Dies without telling the SCM, as a crashed process would: recovery actions should fire.
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  Thread.sleep(1500);
                } catch (InterruptedException e) {
                  return;
                }
                event("crashing");
                Runtime.getRuntime().halt(7);
              });
    }
  }

  @Override
  public void stop(ServiceContext context) {
    event("stop");
    log.info("Stopped cleanly");
  }

  @Override
  public void pause(ServiceContext context) {
    event("pause");
  }

  @Override
  public void resume(ServiceContext context) {
    event("resume");
  }

  @Override
  public void reload(ServiceContext context) {
    event("reload");
  }

  @Override
  public void systemEvent(SystemEvent event) {
    event("system " + event);
  }

  private synchronized void event(String line) {
    try {
      Files.writeString(
          dir.resolve("events.log"),
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
