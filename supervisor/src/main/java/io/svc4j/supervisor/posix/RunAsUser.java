package io.svc4j.supervisor.posix;

import io.svc4j.supervisor.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The account a child runs as (YAML {@code run-as}: {@code USER} or {@code USER:GROUP}), resolved
 * through the system's user database ({@code getent passwd} / {@code getent group}, so LDAP/NSS
 * users work too). Without a group the user's primary group is used.
 */
public record RunAsUser(String name, int uid, int gid, String home) {

  /**
   * Resolves a user name or numeric uid, optionally {@code :GROUP}; fails naming {@code run-as}.
   */
  public static RunAsUser resolve(String spec) {
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    String[] f = lookUp("passwd", user, "user").split(":", -1);
    int gid = Integer.parseInt(f[3]);
    if (colon >= 0) {
      String group = spec.substring(colon + 1);
      gid = Integer.parseInt(lookUp("group", group, "group").split(":", -1)[2]);
    }
    return new RunAsUser(f[0], Integer.parseInt(f[2]), gid, f[5]);
  }

  /** The first line {@code getent DATABASE KEY} prints. */
  private static String lookUp(String database, String key, String what) {
    if (key.isEmpty()) {
      throw new ConfigException(
          "run-as", "the " + what + " name is empty: write USER or USER:GROUP");
    }
    try {
      Process p =
          new ProcessBuilder(List.of("getent", database, key)).redirectErrorStream(true).start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line.isEmpty()) {
        throw new ConfigException("run-as", what + " '" + key + "' does not exist on this system");
      }
      return line.split("\n")[0];
    } catch (IOException e) {
      throw new ConfigException(
          "run-as", "cannot look up " + what + " '" + key + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(
          "run-as", "interrupted while looking up " + what + " '" + key + "'");
    }
  }

  /** setpriv options that switch to this user, with its supplementary groups. */
  public List<String> setprivOptions() {
    return List.of(
        "--reuid", Integer.toString(uid), "--regid", Integer.toString(gid), "--init-groups");
  }
}
