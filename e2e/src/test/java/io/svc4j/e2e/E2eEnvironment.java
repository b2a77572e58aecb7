package io.svc4j.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the end-to-end tests find the build's artefacts and keep their own files. */
public final class E2eEnvironment {

  private E2eEnvironment() {}

  /**
   * This module's build directory. Files shared with a namespace live here, never under /tmp: the
   * namespace has its own /tmp.
   */
  public static Path targetDir() {
    return Path.of(System.getProperty("basedir", "."))
        .toAbsolutePath()
        .normalize()
        .resolve("target");
  }

  /** The directory holding svc4j.jar and hello-http.jar, set by the pom to the checkout's dist/. */
  public static Path distDir() {
    String configured = System.getProperty("svc4j.dist.dir");
    Path dist =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("basedir", ".")).resolve("../dist");
    return dist.toAbsolutePath().normalize();
  }

  /** The CLI jar; fails with a hint when the build has not produced it. */
  public static Path cliJar() {
    return requireFile(distDir().resolve("svc4j.jar"), "the cli module");
  }

  /** The example HTTP daemon's jar; fails with a hint when the build has not produced it. */
  public static Path helloHttpJar() {
    return requireFile(distDir().resolve("hello-http.jar"), "the examples/hello-http module");
  }

  /**
   * The java launcher for the jars and helper programs: the JDK running the tests, which builds
   * {@code --release 21} bytecode and so is 21 or newer.
   */
  public static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** The compiled test classes, for helper programs run inside a namespace. */
  public static Path testClasses() {
    return targetDir().resolve("test-classes");
  }

  /**
   * Copies {@code jar} into {@code dir} and returns the copy. Services run from the copy: a JVM
   * loads classes lazily from its jar, so a rebuild of dist/ while a test runs would otherwise
   * break it.
   */
  public static Path stage(Path jar, Path dir) {
    try {
      return java.nio.file.Files.copy(
          jar, dir.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot copy " + jar + " to " + dir, e);
    }
  }

  private static Path requireFile(Path file, String producer) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file
              + " does not exist: build "
              + producer
              + " first (mvn install from the checkout root)");
    }
    return file;
  }
}
