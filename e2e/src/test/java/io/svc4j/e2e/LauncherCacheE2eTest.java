package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bin/svc4j's class-data cache (bin/jvm-cache.sh), on the JDK running the tests (25: AOT cache) and
 * on a Temurin 21 JRE (dynamic AppCDS): the first runs build it, later runs load their classes from
 * it; a corrupt, truncated, damaged or foreign archive only costs speed (same output, same exit
 * code, not one extra line); and an archive another user could have planted is never used.
 */
class LauncherCacheE2eTest {

  private static final int NOBODY = 65534;

  private static final Path LAUNCHER = E2eEnvironment.distDir().resolve("../bin/svc4j").normalize();

  @TempDir Path tmp;
  private Path cache;
  private String version;
  private Path javaHome;
  private int javaFeature;

  record Run(int exit, String out, String err) {}

  /** The JDK running the tests, and the Java 21 JRE the pom unpacks (when it is there). */
  static Stream<Path> javaHomes() throws IOException {
    Path current = Path.of(System.getProperty("java.home"));
    String configured = System.getProperty("svc4j.java21.home");
    if (configured == null || !Files.isRegularFile(Path.of(configured, "bin", "java"))) {
      return Stream.of(current);
    }
    Path java21 = Path.of(configured);
    // The unpacked zip keeps no file modes: make the launcher and its helper executable.
    for (Path exe : List.of(java21.resolve("bin/java"), java21.resolve("lib/jspawnhelper"))) {
      if (Files.exists(exe)) {
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    return Stream.of(current, java21);
  }

  private void use(Path home) throws Exception {
    E2eEnvironment.cliJar();
    javaHome = home;
    javaFeature = feature(home);
    cache = tmp.resolve("cache");
    // The reference output, without any cache.
    Run plain = svc4j(Map.of("SVC4J_JVM_CACHE", "off"), "--version");
    assertThat(plain.exit()).isZero();
    version = plain.out();
    assertThat(version).startsWith("svc4j ");
  }

  private static int feature(Path home) throws IOException {
    for (String line : Files.readAllLines(home.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=\"")) {
        return Integer.parseInt(line.substring(14).split("[.\"]")[0]);
      }
    }
    throw new IllegalStateException("no JAVA_VERSION in " + home.resolve("release"));
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void firstRunsBuildTheCacheAndLaterRunsLoadTheirClassesFromIt(Path home) throws Exception {
    use(home);
    Path archive = warm();
    assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    assertThat(permissions(cache)).isEqualTo("rwx------");

    assertThat(loadedFrom("io.svc4j.cli.Svc4j")).contains("shared objects file");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void aCorruptOrTruncatedArchiveOnlyCostsSpeed(Path home) throws Exception {
    use(home);
    Path archive = warm();
    byte[] good = Files.readAllBytes(archive);

    Files.write(archive, "not an archive at all".repeat(1000).getBytes(StandardCharsets.UTF_8));
    assertCleanRun(); // (the launcher removes it, and the cache is rebuilt as on a first run)

    warm();
    Files.write(archive, java.util.Arrays.copyOf(good, good.length / 3));
    assertCleanRun();

    byte[] flipped = good.clone(); // header intact, contents damaged
    for (int i = good.length / 2; i < good.length / 2 + 4096; i++) {
      flipped[i] ^= 0x5a;
    }
    Files.write(archive, flipped);
    assertCleanRun();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void anArchiveOfAnotherJarOnlyCostsSpeed(Path home) throws Exception {
    use(home);
    Path archive = warm();
    // An archive that belongs to hello-http.jar, under svc4j.jar's name: a class path mismatch.
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Path foreignJar = Files.copy(E2eEnvironment.helloHttpJar(), other.resolve("svc4j-x.jar"));
    String flag = javaFeature >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
    Path foreign = other.resolve("foreign.archive");
    Process p =
        new ProcessBuilder(
                javaHome.resolve("bin/java").toString(),
                flag + foreign,
                "-cp",
                foreignJar.toString(),
                "io.svc4j.examples.hello.HelloHttpService",
                "--help")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("foreign.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(foreign).isRegularFile();
    Files.copy(foreign, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertCleanRun();
    assertThat(loadedFrom("io.svc4j.cli.Svc4j")).contains("svc4j.jar");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void anArchiveOwnedByAnotherUserIsNotLoaded(Path home) throws Exception {
    use(home);
    Path archive = warm();
    Files.setAttribute(archive, "unix:uid", NOBODY); // nobody: could have written anything there
    assertCleanRun();
    assertThat(loadedFrom("io.svc4j.cli.Svc4j")).contains("svc4j.jar");
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void anArchiveInADirectoryOthersCanWriteIsNotLoaded(Path home) throws Exception {
    use(home);
    warm();
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertCleanRun();
    assertThat(loadedFrom("io.svc4j.cli.Svc4j")).contains("svc4j.jar");

    // Private itself, but below a directory another user owns: that user could swap it.
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(tmp, "unix:uid", NOBODY);
    try {
      assertCleanRun();
      assertThat(loadedFrom("io.svc4j.cli.Svc4j")).contains("svc4j.jar");
    } finally {
      Files.setAttribute(tmp, "unix:uid", 0);
    }
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void aCacheDirectoryItsOwnerCannotWriteOnlyCostsSpeed(Path home) throws Exception {
    use(home);
    // As nobody (root may write anywhere): Java 21 turned a failed archive write at exit into
    // exit code 1 after the command had succeeded.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(cache);
    Files.setAttribute(cache, "unix:uid", NOBODY);
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("r-x------"));
    for (int i = 0; i < 3; i++) {
      Run r =
          svc4j(
              Map.of(),
              List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
              "--version");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).isEqualTo(version);
      assertThat(r.err()).isEmpty();
    }
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files).isEmpty();
    }
  }

  /** Runs the launcher until the archive exists (record, assemble in the background, use). */
  private Path warm() throws Exception {
    assertCleanRun(); // records (25+) or dumps at exit (21-24)
    if (javaFeature >= 25) {
      assertCleanRun(); // starts the background assembly
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> archive() != null);
    return archive();
  }

  private Path archive() throws IOException {
    if (!Files.isDirectory(cache)) {
      return null;
    }
    String suffix = javaFeature >= 25 ? ".aot" : ".jsa";
    try (Stream<Path> files = Files.list(cache)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
      return found.isEmpty() ? null : found.get(0);
    }
  }

  private void assertCleanRun() throws Exception {
    Run r = svc4j(Map.of(), "--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(version);
    assertThat(r.err()).isEmpty();
  }

  /** The source the JVM reports for {@code className} when bin/svc4j runs --version. */
  private String loadedFrom(String className) throws Exception {
    Path log = tmp.resolve("classload-" + System.nanoTime() + ".log");
    Run r = svc4j(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "--version");
    assertThat(r.exit()).isZero();
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .filter(l -> l.contains(" " + className + " source: "))
          .findFirst()
          .orElseThrow(() -> new AssertionError(className + " not in " + log));
    }
  }

  private Run svc4j(Map<String, String> env, String... args) throws Exception {
    return svc4j(env, List.of(), args);
  }

  private Run svc4j(Map<String, String> env, List<String> prefix, String... args) throws Exception {
    var command = new java.util.ArrayList<String>(prefix);
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("SVC4J_JVM_CACHE_DIR", cache.toString());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/svc4j ended").isTrue();
    return new Run(p.exitValue(), read(out).strip(), read(err).strip());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
