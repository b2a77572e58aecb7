package io.svc4j.cli.install;

import io.svc4j.manager.ManagerException;
import io.svc4j.supervisor.config.EnvFiles;
import io.svc4j.supervisor.config.SecretFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code install} treats environment: secrets belong in files only root can read, which the
 * unit references ({@code EnvironmentFile=}) and never copies; values given with {@code --env} are
 * written into the unit, which every local user can read ({@code systemctl show}), so a name that
 * looks like a secret gets a warning. Nothing here ever prints a value.
 */
final class EnvFileChecks {

  private EnvFileChecks() {}

  /**
   * Refuses, in one line, an environment file that is relative, missing, malformed (naming
   * file:line only) or that another user than root could change; warns about one others can read.
   */
  static void check(List<Path> files, PrintWriter err) {
    for (Path file : files) {
      if (!file.isAbsolute()) {
        throw new ManagerException(
            "--env-file '"
                + file
                + "' is relative: the service manager reads it from its own directory; give an"
                + " absolute path, e.g. "
                + file.toAbsolutePath().normalize());
      }
      EnvFiles.read(file, "--env-file", "create it (KEY=VALUE lines, owned by root, chmod 600)");
      if (SecretFiles.readableByOthers(file)) {
        boolean windows = io.svc4j.runtime.HostEnvironment.current().isWindows();
        err.println(
            "svc4j: warning: --env-file '"
                + file
                + (windows
                    ? "' can be read by other users than SYSTEM and Administrators; icacls \""
                        + file
                        + "\" /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F to keep its"
                        + " secrets to them"
                    : "' can be read by other users than its owner; chmod 600 '"
                        + file
                        + "' to keep its secrets to root"));
      }
    }
  }

  /** One warning line per {@code --env} whose name looks like a secret; never the value. */
  static void warnAboutSecrets(List<EnvAssignment> env, boolean windows, PrintWriter err) {
    String where =
        windows
            ? "the service's registry key shows its value to every local user"
            : "the unit file and 'systemctl show' show its value to every local user";
    String fix =
        windows
            ? "put it in a file only SYSTEM and Administrators can read and pass --env-file FILE"
                + " (supervised mode)"
            : "put it in a root-owned file (chmod 600) and pass --env-file FILE";
    for (EnvAssignment assignment : env) {
      if (SecretNames.looksSecret(assignment.key())) {
        err.println(
            "svc4j: warning: --env "
                + assignment.key()
                + " looks like a secret: "
                + where
                + "; "
                + fix
                + " instead");
      }
    }
  }
}
