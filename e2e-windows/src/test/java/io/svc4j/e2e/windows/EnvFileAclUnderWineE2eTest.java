package io.svc4j.e2e.windows;

import static io.svc4j.e2e.windows.WineSession.windowsPath;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets files on Windows, under Wine's real security calls: {@code svc4j install --env-file} and
 * the supervisor ({@code svc4j run --env-file}) refuse a file whose owner or DACL lets anyone but
 * SYSTEM and Administrators change it, in one line, without the value, installing nothing.
 */
class EnvFileAclUnderWineE2eTest {

  private static final String NAME = "svc4j-e2e-env-file";
  private static final String CMD = "C:\\windows\\system32\\cmd.exe";
  private static WineSession wine;
  private static Path dist;

  private final String secret =
      "s3cr3t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  @BeforeAll
  static void startWine() throws Exception {
    dist = Path.of(System.getProperty("svc4j.dist.dir"));
    assertThat(dist.resolve("svc4j.jar")).as("build the CLI first (mvn install)").exists();
    wine = WineSession.start();
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      svc4j("uninstall", NAME);
      wine.close();
    }
  }

  private static WineSession.Run svc4j(String... args) throws Exception {
    return wine.javaJar(dist.resolve("svc4j.jar"), args);
  }

  /** What the CLI printed, without the JVM's note about the prefix's JAVA_TOOL_OPTIONS. */
  private static List<String> lines(WineSession.Run run) {
    return run.output()
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
        .toList();
  }

  @Test
  void aSecretsFileOthersCanChangeIsRefusedByInstallAndByTheSupervisor() throws Exception {
    Path out = Files.createDirectories(wine.dir.resolve("runs").resolve("env-file-acl"));
    Path env = out.resolve("web-" + ThreadLocalRandom.current().nextInt(1 << 20) + ".env");
    Files.writeString(env, "API_TOKEN=" + secret + "\r\n");
    String file = windowsPath(env);
    String before = wine.call("file-acl", file);

    WineSession.Run refused =
        svc4j("install", "--name", NAME, "--env-file", file, "--", CMD, "/c", "set", "API_TOKEN");
    assertThat(refused.exitCode()).as("%s (ACL %s)", refused.output(), before).isNotZero();
    assertThat(lines(refused))
        .as("one line (ACL %s)", before)
        .singleElement()
        .asString()
        .startsWith("svc4j: error: --env-file: '" + file + "'")
        .containsAnyOf("can be changed by", "is owned by", "has no DACL")
        .contains("icacls")
        .doesNotContain(secret);
    assertThat(svc4j("status", NAME).exitCode()).as("nothing installed").isEqualTo(4);

    // Wine does not keep a DACL set on a file: SetNamedSecurityInfo succeeds, the Unix mode
    // changes, and GetFileSecurity still reports the DACL it derives from the Unix mode. The
    // trusted side (SYSTEM and Administrators only) is unit-tested (FileAclTest).
    String acl = wine.call("protect-file", file);
    assertThat(acl)
        .as("Wine's ACL after setting owner Administrators and a SYSTEM+Administrators DACL")
        .isNotEqualTo("owner=S-1-5-32-544\tdacl=0:0:1f01ff:S-1-5-18,0:0:1f01ff:S-1-5-32-544")
        .contains("owner=S-1-5-21-");
    WineFindings.report(
        wine.dir,
        "a DACL set on a file is not kept (SetNamedSecurityInfo succeeds, GetFileSecurity then"
            + " reports "
            + acl.replace('\t', ' ')
            + "): a secrets file is never trusted under Wine, so --env-file's accepted side is"
            + " unit-tested only");
    WineSession.Run stillRefused =
        svc4j("run", "--name", NAME, "--env-file", file, "--", CMD, "/c", "set", "API_TOKEN");
    assertThat(stillRefused.exitCode()).as(stillRefused.output()).isNotZero();
    assertThat(lines(stillRefused))
        .as("the supervisor refuses the file too, in one line")
        .singleElement()
        .asString()
        .contains("environment-files[0]: '" + file + "'")
        .doesNotContain(secret);
  }
}
