package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The account a child runs as (YAML {@code run-as}), resolved through the system's user database
 * ({@code getent passwd}, so LDAP/NSS users work too).
 */
public record RunAsUser(String name, int uid, int gid, String home) {

  /** Resolves a user name or numeric uid; fails naming the {@code run-as} setting. */
  public static RunAsUser resolve(String user) {
    String line;
    try {
      Process p =
          new ProcessBuilder(List.of("getent", "passwd", user)).redirectErrorStream(true).start();
      line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line.isEmpty()) {
        throw new ConfigException("run-as", "user '" + user + "' does not exist on this system");
      }
    } catch (IOException e) {
      throw new ConfigException("run-as", "cannot look up user '" + user + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("run-as", "interrupted while looking up user '" + user + "'");
    }
    String[] f = line.split("\n")[0].split(":", -1);
    return new RunAsUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]);
  }

  /** setpriv options that switch to this user, with its supplementary groups. */
  public List<String> setprivOptions() {
    return List.of(
        "--reuid", Integer.toString(uid), "--regid", Integer.toString(gid), "--init-groups");
  }
}
