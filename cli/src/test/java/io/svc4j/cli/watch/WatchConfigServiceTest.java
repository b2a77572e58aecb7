package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code restart} and {@code reload} actions of {@code svc4j watch --config}: a file change
 * restarts the child of a real supervisor (real child process, real control socket) without the
 * service manager; a service that no supervisor answers for is reloaded through the manager, the
 * way {@code svc4j reload} does it.
 */
class WatchConfigServiceTest {

  @TempDir Path tmp;
  private final FakeManager manager = new FakeManager();

  private CliContext context(Path sockets) {
    return new CliContext(
        scope -> manager,
        name -> sockets.resolve(name + ".sock"),
        new PrintWriter(new StringWriter(), true),
        new PrintWriter(new StringWriter(), true));
  }

  @Test
  void aChangedFileRestartsTheChildOfASupervisedServiceThroughItsControlChannel() throws Exception {
    Path sockets = Files.createDirectories(tmp.resolve("run"));
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Path file = tmp.resolve("watch.yaml");
    Files.writeString(
        file,
        """
        watches:
          - name: web-conf
            paths: [conf]
            include: ["*.conf"]
            debounce: 500ms
            actions:
              - restart: web
                timeout: 20s
        """);
    WatchConfig config = WatchConfigFile.load(file);
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sleep", "600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      long firstPid = supervisor.liveStatus().pid();
      assertThat(firstPid).isPositive();

      ConfiguredWatches watches = new ConfiguredWatches(config, context(sockets));
      TestServiceContext ctx = new TestServiceContext();
      watches.start(ctx);
      try {
        assertThat(ctx.statuses).last().asString().startsWith("web-conf: watching 1 directories");
        Files.writeString(conf.resolve("ignored.txt"), "not a .conf");
        Files.writeString(conf.resolve("app.conf"), "port=8080\n");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    supervisor.liveStatus().pid() > 0 && supervisor.liveStatus().pid() != firstPid);
        assertThat(manager.calls).as("the service manager was not asked").isEmpty();
      } finally {
        watches.stop(ctx);
      }
    }
  }

  @Test
  void aServiceWithoutASupervisorIsReloadedThroughTheManagerLikeSvc4jReload() throws Exception {
    Path sockets = Files.createDirectories(tmp.resolve("run"));
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    assertThat(
            Svc4j.execute(
                new String[] {
                  "install",
                  "--name",
                  "plain",
                  "--direct",
                  "--reload-signal",
                  "HUP",
                  "--",
                  "/bin/sh"
                },
                context(sockets)))
        .isZero();
    manager.states.put("plain", ServiceStatus.State.RUNNING);
    manager.calls.clear();
    Path file = tmp.resolve("watch.yaml");
    Files.writeString(
        file,
        "watches:\n  - paths: [conf]\n    actions:\n      - reload: plain\n        timeout: 7s\n");
    ConfiguredWatches watches = new ConfiguredWatches(WatchConfigFile.load(file), context(sockets));
    TestServiceContext ctx = new TestServiceContext();
    watches.start(ctx);
    try {
      Files.writeString(conf.resolve("a.conf"), "x");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> manager.calls.contains("reload plain PT7S"));
    } finally {
      watches.stop(ctx);
    }
  }

  @Test
  void aReloadWithABrokenFileKeepsTheWatchesAndAValidOneReplacesThem() throws Exception {
    Path sockets = Files.createDirectories(tmp.resolve("run"));
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Path out = tmp.resolve("ran.log");
    Path file = tmp.resolve("watch.yaml");
    String yaml =
        "watches:\n  - name: @N@\n    paths: [@D@]\n    actions:\n"
            + "      - run: [sh, -c, 'echo \"$SVC4J_WATCH_NAME $SVC4J_WATCH_PATHS\" >> \"$0\"', OUT]\n";
    Files.writeString(
        file, yaml.replace("@N@", "first").replace("@D@", "a").replace("OUT", out.toString()));
    ConfiguredWatches watches =
        new ConfiguredWatches(
            WatchConfigFile.load(file), java.util.Optional.of(file), context(sockets));
    TestServiceContext ctx = new TestServiceContext();
    watches.start(ctx);
    try {
      Files.writeString(file, "watches:\n  - paths: [nope]\n    actions: [log]\n");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> watches.reload(ctx))
          .hasMessageContaining(file + ":2:13: watches[0].paths[0]: ")
          .hasMessageEndingWith("; the running watches stay");
      Files.writeString(a.resolve("1"), "x");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> WatchCommandTest.read(out).contains("first"));

      Files.writeString(
          file, yaml.replace("@N@", "second").replace("@D@", "b").replace("OUT", out.toString()));
      watches.reload(ctx);
      assertThat(ctx.statuses).last().asString().startsWith("second: watching 1 directories");
      Files.writeString(b.resolve("2"), "x");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> WatchCommandTest.read(out).contains("second"));
      Files.writeString(a.resolve("3"), "x");
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !WatchCommandTest.read(out).contains(a.resolve("3").toString()));
      assertThat(ctx.failures).isEmpty();
    } finally {
      watches.stop(ctx);
    }
  }
}
