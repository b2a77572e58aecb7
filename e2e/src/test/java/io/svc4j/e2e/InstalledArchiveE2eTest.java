package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.install.ServiceArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An installed Java service gets its class-data archive (ServiceArchive), on Java 25 (AOT cache)
 * and on a Temurin 21 JRE (AppCDS): {@code svc4j install} run by that JVM writes the cache flags
 * into ExecStart when /var/cache/svc4j/archives/NAME.{aot,jsa} is an archive of it, the service's
 * JVM then loads its classes from it, and once the archive has gone stale or bad after the install
 * (damaged, truncated, garbage, of another jar, of the other Java version, deleted) the same
 * command still starts with the same output, exit code 0 and nothing on stderr: only speed is lost.
 * The program run by the installed command is the CLI's {@code --version} in place of {@code run
 * ...}: what is tested is the JVM's start with the installed options.
 *
 * <p>An archive that does not belong to the jar must not even partly be used: Java 25.0.3 ran the
 * archived classes of hello-http.jar in svc4j.jar's place from an AOT cache that loaded no class
 * from the jar while it was assembled (JDK-8377932), and svc4j.jar then named hello-http.jar's
 * version; so each such case also checks that no class of the jar came from an archive.
 */
class InstalledArchiveE2eTest {

  private static final Path ARCHIVES = Path.of("/var/cache/svc4j/archives");
  private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  @TempDir Path tmp;
  private final List<Path> planted = new ArrayList<>();

  record Run(int exit, String out, String err) {}

  static Stream<Path> javaHomes() throws IOException {
    return LauncherCacheE2eTest.javaHomes();
  }

  @AfterEach
  void removeArchives() throws IOException {
    for (Path p : planted) {
      Files.deleteIfExists(p);
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void theInstalledCommandUsesTheArchiveAndABadOneOnlyCostsSpeed(Path home) throws Exception {
    Path java = home.resolve("bin/java");
    boolean aot = kind(home) == ServiceArchive.Kind.AOT_CACHE;
    String name = "svc4j-e2e-archive-" + UUID.randomUUID().toString().substring(0, 8);
    Path archive = ARCHIVES.resolve(name + (aot ? ".aot" : ".jsa"));
    planted.add(archive);
    Path cli = E2eEnvironment.cliJar();

    // The reference: the same JVM options without any archive.
    List<String> jvm = installedJvmCommand(java, name);
    assertThat(jvm).noneMatch(a -> a.contains("AOTCache") || a.contains("SharedArchiveFile"));
    Run plain = run(with(jvm, "--version"));
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).startsWith("svc4j ");

    // A training run with the service's own options, as docs/performance.md tells.
    Path trained = train(java, jvm, cli, aot, "good");
    place(trained, archive);
    List<String> installed = installedJvmCommand(java, name);
    assertThat(installed)
        .contains((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive)
        .contains("-XX:+VerifySharedSpaces")
        .noneMatch(a -> a.contains("AutoCreateSharedArchive"));
    assertThat(loadedFrom(installed, "io.svc4j.cli.Svc4j")).contains("shared objects file");
    assertSame(plain, run(with(installed, "--version")));

    byte[] good = Files.readAllBytes(archive);
    byte[] flipped = good.clone(); // header intact, contents damaged
    for (int i = good.length / 2; i < good.length / 2 + 4096; i++) {
      flipped[i] ^= 0x5a;
    }
    Files.write(archive, flipped);
    assertSame(plain, run(with(installed, "--version")));

    Files.write(archive, Arrays.copyOf(good, good.length / 3));
    assertSame(plain, run(with(installed, "--version")));

    Files.write(archive, "not an archive at all".repeat(1000).getBytes(StandardCharsets.UTF_8));
    assertSame(plain, run(with(installed, "--version")));

    // An archive of another jar (hello-http's) under this service's name.
    List<String> helloJvm = new ArrayList<>(jvm.subList(0, jvm.size() - 1));
    helloJvm.add(E2eEnvironment.helloHttpJar().toString());
    place(train(java, helloJvm, E2eEnvironment.helloHttpJar(), aot, "other-jar"), archive);
    assertSame(plain, run(with(installed, "--version")));
    assertThat(appClassesFromAnArchive(installed)).as("classes of another jar's archive").isEmpty();

    // An archive of the other Java version (a JDK upgrade or downgrade after the install).
    Path otherHome = javaHomes().filter(h -> !h.equals(home)).findFirst().orElse(null);
    if (otherHome != null) {
      Path otherJava = otherHome.resolve("bin/java");
      List<String> otherJvm = new ArrayList<>(jvm);
      otherJvm.set(0, otherJava.toString());
      boolean otherAot = kind(otherHome) == ServiceArchive.Kind.AOT_CACHE;
      place(train(otherJava, otherJvm, cli, otherAot, "other-java"), archive);
      assertSame(plain, run(with(installed, "--version")));
    }

    Files.delete(archive);
    assertSame(plain, run(with(installed, "--version")));
  }

  /**
   * A jar replaced after the install (an upgrade, or another program under the same path) never
   * runs with classes from the archive trained on the old one: the JVM must reject the archive, and
   * the output is the new jar's own. Two one-class jars, the same class printing "before" and
   * "after", so nothing else is loaded from the jar while an AOT cache is assembled: on Java 25.0.3
   * (JDK-8377932) an AOT cache of the first then ran in place of the second and printed "before";
   * ServiceArchive gives that JVM only a dynamic archive, whose class path it checks.
   */
  @ParameterizedTest
  @MethodSource("javaHomes")
  void aJarReplacedAfterTheInstallNeverRunsWithTheArchivedClassesOfTheOldOne(Path home)
      throws Exception {
    Path java = home.resolve("bin/java");
    boolean aot = kind(home) == ServiceArchive.Kind.AOT_CACHE;
    String name = "svc4j-e2e-replaced-" + UUID.randomUUID().toString().substring(0, 8);
    Path archive = ARCHIVES.resolve(name + (aot ? ".aot" : ".jsa"));
    planted.add(archive);
    Path before = oneClassJar("before");
    Path after = oneClassJar("after");
    Path jar = Files.createDirectories(tmp.resolve("opt")).resolve("app.jar");
    Files.copy(before, jar);

    List<String> jvm = atJar(installedJvmCommand(java, name), jar);
    place(train(java, jvm, jar, aot, "before-upgrade"), archive);
    List<String> installed = atJar(installedJvmCommand(java, name), jar);
    assertThat(installed).anyMatch(a -> a.endsWith("=" + archive));
    assertThat(run(with(installed, "--version")).out()).isEqualTo("before\n");
    assertThat(appClassesFromAnArchive(installed))
        .as("the archive is used while the jar is the one it was trained on")
        .isNotEmpty();

    Files.copy(after, jar, StandardCopyOption.REPLACE_EXISTING);
    Run plain = run(with(jvm, "--version"));
    assertThat(plain.out()).isEqualTo("after\n");
    assertSame(plain, run(with(installed, "--version")));
    assertThat(appClassesFromAnArchive(installed)).as("classes of the old jar's archive").isEmpty();
  }

  /** A jar of one class, io.svc4j.e2etiny.Main, printing {@code word}; Java 21 bytecode. */
  private Path oneClassJar(String word) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src-" + word + "/io/svc4j/e2etiny"));
    Path classes = Files.createDirectories(tmp.resolve("classes-" + word));
    Path main =
        Files.writeString(
            src.resolve("Main.java"),
            "package io.svc4j.e2etiny;\n"
                + "public class Main {\n"
                + "  public static void main(String[] args) {\n"
                + "    System.out.println(\""
                + word
                + "\");\n"
                + "  }\n"
                + "}\n");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "--release", "21", "-d", classes.toString(), main.toString());
    assertThat(rc).as("javac").isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.svc4j.e2etiny.Main");
    Path jar = tmp.resolve(word + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("io/svc4j/e2etiny/Main.class"));
      out.write(Files.readAllBytes(classes.resolve("io/svc4j/e2etiny/Main.class")));
      out.closeEntry();
    }
    return jar;
  }

  /** The command with {@code jar} in place of the jar after {@code -jar}. */
  private static List<String> atJar(List<String> jvm, Path jar) {
    List<String> c = new ArrayList<>(jvm);
    c.set(c.size() - 1, jar.toString());
    return c;
  }

  /** The jar's classes (io.svc4j.*) that {@code jvm} {@code --version} loads from an archive. */
  private List<String> appClassesFromAnArchive(List<String> jvm) throws Exception {
    Path log = tmp.resolve("classes-" + UUID.randomUUID() + ".log");
    List<String> c = new ArrayList<>(jvm);
    c.add(c.size() - 2, "-Xlog:class+load=info:file=" + log);
    c.add("--version");
    assertThat(run(c).exit()).isZero();
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(" io.svc4j.") && l.contains("source: shared objects file"))
        .toList();
  }

  /** ExecStart of `svc4j install --dry-run` run by {@code java}, up to and including the jar. */
  private List<String> installedJvmCommand(Path java, String name) throws Exception {
    Run r =
        run(
            List.of(
                java.toString(),
                "-jar",
                E2eEnvironment.cliJar().toString(),
                "install",
                "--dry-run",
                "--name",
                name,
                "--",
                "/bin/true"));
    assertThat(r.exit()).as(r.err()).isZero();
    String execStart =
        r.out().lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(execStart);
    while (m.find()) {
      tokens.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    int jar = tokens.indexOf("-jar");
    assertThat(jar).isPositive();
    return List.copyOf(tokens.subList(0, jar + 2));
  }

  private Path train(Path java, List<String> jvm, Path jar, boolean aot, String label)
      throws Exception {
    Path out = tmp.resolve(label + (aot ? ".aot" : ".jsa"));
    List<String> command = new ArrayList<>(jvm.subList(0, jvm.size() - 2));
    command.set(0, java.toString());
    command.add(aot ? "-XX:AOTCacheOutput=" + out : "-XX:ArchiveClassesAtExit=" + out);
    command.addAll(List.of("-jar", jar.toString(), "--version"));
    Run r = run(command);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(out).isRegularFile();
    return out;
  }

  private static void place(Path from, Path archive) throws IOException {
    Files.createDirectories(ARCHIVES);
    Files.copy(from, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static List<String> with(List<String> jvm, String... args) {
    List<String> c = new ArrayList<>(jvm);
    c.addAll(List.of(args));
    return c;
  }

  private String loadedFrom(List<String> jvm, String className) throws Exception {
    Path log = tmp.resolve("classes-" + UUID.randomUUID() + ".log");
    List<String> c = new ArrayList<>(jvm);
    c.add(c.size() - 2, "-Xlog:class+load=info:file=" + log);
    c.add("--version");
    assertThat(run(c).exit()).isZero();
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains(" " + className + " "))
        .findFirst()
        .orElseThrow();
  }

  private static void assertSame(Run plain, Run r) {
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(plain.out());
    assertThat(r.err()).isEmpty();
  }

  private Run run(List<String> command) throws Exception {
    Path out = tmp.resolve("out-" + UUID.randomUUID());
    Path err = tmp.resolve("err-" + UUID.randomUUID());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().put("SVC4J_JVM_CACHE", "off");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The archive kind ServiceArchive gives the JVM of {@code home}. */
  private static ServiceArchive.Kind kind(Path home) throws IOException {
    String key = "JAVA_RUNTIME_VERSION=\"";
    for (String line : Files.readAllLines(home.resolve("release"))) {
      if (line.startsWith(key)) {
        String version = line.substring(key.length(), line.length() - 1);
        return ServiceArchive.kind(Runtime.Version.parse(version));
      }
    }
    throw new IllegalStateException("no JAVA_RUNTIME_VERSION in " + home.resolve("release"));
  }
}
