package io.svc4j.supervisor.logs;

import io.svc4j.supervisor.posix.RunAsUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Who may read captured logs: files are {@value #FILE_MODE_TEXT}, a directory svc4j creates is
 * {@value #DIRECTORY_MODE_TEXT}, owned by the supervisor's user, with the group of the run-as user
 * (so the service's own account can read its logs) or {@code adm} without one (the group Debian
 * gives log readers). A supervisor that is not root keeps its own group.
 *
 * @param owner the uid that owns files and directories: the supervisor's
 * @param group the gid they get
 * @param groupName for messages and docs
 */
public record LogAccess(int owner, int group, String groupName) {

  public static final int FILE_MODE = 0640;
  public static final int DIRECTORY_MODE = 0750;

  /** Directories svc4j creates above a log directory, e.g. /var/log/svc4j: names only. */
  public static final int PARENT_MODE = 0755;

  static final String FILE_MODE_TEXT = "0640";
  static final String DIRECTORY_MODE_TEXT = "0750";

  /** For a supervisor whose child runs as {@code runAs} (null: as the supervisor's user). */
  public static LogAccess forRunAs(String runAs) {
    if (io.svc4j.runtime.HostEnvironment.current().isWindows()) {
      return new LogAccess(-1, -1, "");
    }
    int uid = PosixCalls.INSTANCE.geteuid();
    int gid = PosixCalls.INSTANCE.getegid();
    if (uid != 0) {
      return new LogAccess(uid, gid, Integer.toString(gid));
    }
    if (runAs != null) {
      RunAsUser user = RunAsUser.resolve(runAs);
      return new LogAccess(uid, user.gid(), user.name() + "'s group (" + user.gid() + ")");
    }
    Integer adm = groupId("adm");
    return adm != null ? new LogAccess(uid, adm, "adm") : new LogAccess(uid, gid, "root");
  }

  /** The supervisor's own user and group, unchanged (no lookup). */
  static LogAccess self() {
    int uid = PosixCalls.INSTANCE.geteuid();
    int gid = PosixCalls.INSTANCE.getegid();
    return new LogAccess(uid, gid, Integer.toString(gid));
  }

  /** For files the supervisor writes for itself: with the log group of a root supervisor. */
  public static LogAccess current() {
    return forRunAs(null);
  }

  private static Integer groupId(String name) {
    try {
      Process p =
          new ProcessBuilder(List.of("getent", "group", name)).redirectErrorStream(true).start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line.isEmpty()) {
        return null;
      }
      return Integer.parseInt(line.split("\n")[0].split(":", -1)[2]);
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
