package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j install --config FILE} takes the service's name from the file's {@code name:}; a
 * {@code --name} that differs wins (as for {@code svc4j run}) and says so in one line; with
 * neither, one line names both ways.
 */
class InstallNameFromConfigTest {

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = dir.resolve("web.yaml");
    Files.writeString(config, "name: web\ncommand: [/bin/sleep, \"600\"]\n");
  }

  private int run(String... args) {
    var context =
        new CliContext(scope -> manager, new PrintWriter(out, true), new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  @Test
  void theConfigFileNamesTheService() {
    int code =
        run(
            "install",
            "--config",
            config.toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--dry-run");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .startsWith("# /fake/web\n")
        .contains(" run --name web ")
        .contains("--config " + config.toAbsolutePath());

    assertThat(
            run(
                "install",
                "--config",
                config.toString(),
                "--log-dir",
                dir.resolve("logs").toString()))
        .as(err.toString())
        .isZero();
    assertThat(manager.installed).containsOnlyKeys("web");
    assertThat(manager.installed.get("web").command()).containsSequence("run", "--name", "web");
  }

  @Test
  void nameWinsOverTheFilesNameAndSaysSo() {
    int code =
        run(
            "install",
            "--name",
            "shop",
            "--config",
            config.toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--dry-run");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("# /fake/shop\n").contains(" run --name shop ");
    assertThat(err.toString().strip())
        .isEqualTo(
            "svc4j: note: the service is named 'shop' (--name wins over the name 'web' in "
                + config
                + ")");
  }

  @Test
  void neitherNameNorConfigIsOneLine() {
    int code = run("install", "--dry-run", "--", "/bin/sleep", "600");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "svc4j: error: no service name: give --name NAME, or --config FILE whose 'name:'"
                + " names the service");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void directWithConfigIsStillRefusedBeforeTheName() {
    int code = run("install", "--direct", "--config", config.toString(), "--", "/bin/sleep");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("svc4j: error: --config and --log-dir need the supervised mode: drop --direct");
  }
}
