package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
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
  private final InProcessCli cli = new InProcessCli(manager);

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = dir.resolve("web.yaml");
    Files.writeString(config, "name: web\ncommand: [/bin/sleep, \"600\"]\n");
  }

  @Test
  void theConfigFileNamesTheService() {
    int code =
        cli.run(
            "install",
            "--config",
            config.toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--dry-run");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.err.toString()).isEmpty();
    assertThat(cli.out.toString())
        .startsWith("# /fake/web\n")
        .contains(" run --name web ")
        .contains("--config " + config.toAbsolutePath());

    assertThat(
            cli.run(
                "install",
                "--config",
                config.toString(),
                "--log-dir",
                dir.resolve("logs").toString()))
        .as(cli.err.toString())
        .isZero();
    assertThat(manager.installed).containsOnlyKeys("web");
    assertThat(manager.installed.get("web").command()).containsSequence("run", "--name", "web");
  }

  @Test
  void nameWinsOverTheFilesNameAndSaysSo() {
    int code =
        cli.run(
            "install",
            "--name",
            "shop",
            "--config",
            config.toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--dry-run");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).startsWith("# /fake/shop\n").contains(" run --name shop ");
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: note: the service is named 'shop' (--name wins over the name 'web' in "
                + config
                + ")");
  }

  @Test
  void neitherNameNorConfigIsOneLine() {
    int code = cli.run("install", "--dry-run", "--", "/bin/sleep", "600");
    assertThat(code).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo(
            "svc4j: error: no service name: give --name NAME, or --config FILE whose 'name:'"
                + " names the service");
    assertThat(cli.out.toString()).isEmpty();
  }

  @Test
  void directWithConfigIsStillRefusedBeforeTheName() {
    int code = cli.run("install", "--direct", "--config", config.toString(), "--", "/bin/sleep");
    assertThat(code).isEqualTo(2);
    assertThat(cli.err.toString().strip())
        .isEqualTo("svc4j: error: --config and --log-dir need the supervised mode: drop --direct");
  }
}
