package io.svc4j.testing.systemd;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness keeps each namespace's files, derived from the build directory of the module
 * whose tests boot systemd (surefire sets {@code basedir} to that module).
 */
final class RunDirectories {

  private RunDirectories() {}

  /**
   * The testing module's build directory. Files shared with a namespace live here, never under
   * /tmp: the namespace has its own /tmp.
   */
  static Path targetDir() {
    return moduleDir().resolve("target");
  }

  /**
   * The checkout the testing module belongs to, which the boot script keeps visible inside
   * namespaces: the nearest directory holding {@code .mvn} (Maven's own mark of a multi-module
   * root), else the module itself.
   */
  static Path checkoutRoot() {
    Path module = moduleDir();
    for (Path dir = module; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(".mvn"))) {
        return dir;
      }
    }
    return module;
  }

  /**
   * Where each namespace run keeps the files its services use (staged jars, scripts, outputs).
   * Normally under target/; but services run with PrivateTmp=yes, so a checkout under /tmp or
   * /var/tmp (a CI clone, say) would be invisible to them: then the runs live under
   * /var/lib/svc4j-e2e, keyed by the build directory, and each run deletes its directory when it
   * ends.
   */
  static Path root() {
    Path target = targetDir();
    if (target.startsWith("/tmp") || target.startsWith("/var/tmp")) {
      String key = Integer.toHexString(target.toString().hashCode());
      return Path.of("/var/lib/svc4j-e2e", key);
    }
    return target.resolve("systemd-ns");
  }

  private static Path moduleDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }
}
