package io.svc4j.systemd.unit;

import io.svc4j.manager.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code systemd-analyze verify} on a unit file. It exits 0 on unknown keys and many other
 * mistakes, so the result is every line it printed: a clean unit prints nothing.
 */
final class SystemdAnalyze {

  private SystemdAnalyze() {}

  /** The lines systemd-analyze printed about the unit file (stdout and stderr). */
  static List<String> verify(Path unitFile, Scope scope, Path scratch)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("systemd-analyze"));
    if (scope == Scope.USER) {
      command.add("--user");
    }
    command.add("verify");
    command.add(unitFile.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("SYSTEMD_LOG_COLOR", "0");
    if (scope == Scope.USER) {
      // The user manager needs a runtime directory; a scratch one keeps the check offline.
      Path runtime = scratch.resolve("runtime");
      Files.createDirectories(
          runtime,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
    }
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("systemd-analyze verify hung on " + unitFile);
    }
    List<String> lines = new ArrayList<>(output.lines().filter(l -> !l.isBlank()).toList());
    if (process.exitValue() != 0) {
      lines.add("systemd-analyze exited with " + process.exitValue());
    }
    return lines;
  }
}
