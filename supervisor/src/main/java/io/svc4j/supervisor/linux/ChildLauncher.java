package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.posix.RunAsUser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a child on Linux as {@code setpriv --pdeathsig KILL -- setsid -- <command>}: both are
 * util-linux programs that exec in place (no fork), so the pid Java sees is the child's. setsid
 * makes it leader of its own session and process group, which is what a graceful stop signals; the
 * parent-death signal kills it when the supervisor dies, however it dies.
 *
 * <p>Linux delivers the parent-death signal when the <em>thread</em> that forked the child ends,
 * not the process: launch from a thread that lives as long as the supervisor.
 */
public final class ChildLauncher {

  private final String setpriv;
  private final String setsid;

  private ChildLauncher(String setpriv, String setsid) {
    this.setpriv = setpriv;
    this.setsid = setsid;
  }

  /** Finds setpriv and setsid, or explains how to get them. */
  public static ChildLauncher detect() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    String setpriv = find("setpriv", path + ":/usr/bin:/bin:/usr/sbin:/sbin");
    String setsid = find("setsid", path + ":/usr/bin:/bin:/usr/sbin:/sbin");
    if (setpriv == null || setsid == null) {
      throw new IllegalStateException(
          "the supervisor needs util-linux's setpriv and setsid on PATH; install util-linux"
              + " (Debian/Ubuntu: apt-get install util-linux)");
    }
    return new ChildLauncher(setpriv, setsid);
  }

  public String setsid() {
    return setsid;
  }

  /** A prefix that runs a command as {@code user}: {@code setpriv <options> --}. */
  public List<String> runAsPrefix(RunAsUser user) {
    List<String> prefix = new ArrayList<>();
    prefix.add(setpriv);
    prefix.addAll(user.setprivOptions());
    prefix.add("--");
    return prefix;
  }

  /**
   * Checks that the program exists and can be executed, as the supervisor's PATH lookup would find
   * it, and that the working directory exists; fails with a line naming the setting.
   */
  public static void check(List<String> command, Path workingDirectory, Map<String, String> env) {
    if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
      throw new ConfigException(
          "working-directory", "'" + workingDirectory + "' does not exist or is not a directory");
    }
    String program = command.get(0);
    if (program.contains("/")) {
      Path p = Path.of(program);
      if (!p.isAbsolute() && workingDirectory != null) {
        p = workingDirectory.resolve(p);
      }
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        throw new ConfigException(
            "command", "'" + program + "' does not exist or is not an executable file");
      }
    } else if (find(program, env.getOrDefault("PATH", "")) == null) {
      throw new ConfigException(
          "command",
          "'"
              + program
              + "' was not found on PATH ("
              + env.getOrDefault("PATH", "")
              + ");"
              + " give its full path or fix PATH in environment");
    }
  }

  /**
   * Starts the command, as {@code user} if not null; the builder's redirects and directory are
   * taken as they are. setpriv sets the parent-death signal after switching the user (a credential
   * change would clear it otherwise).
   */
  public Process launch(
      List<String> command, Map<String, String> env, ProcessBuilder builder, RunAsUser user)
      throws IOException {
    List<String> argv = new ArrayList<>(command.size() + 11);
    argv.add(setpriv);
    if (user != null) {
      argv.addAll(user.setprivOptions());
    }
    argv.addAll(List.of("--pdeathsig", "KILL", "--", setsid, "--"));
    argv.addAll(command);
    builder.command(argv);
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  static String find(String program, String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
