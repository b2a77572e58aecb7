package io.svc4j.supervisor.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the kernel hand a given, free pid to a new unrelated process: clone3(2) with {@code
 * set_tid} (root only), through python's ctypes. How a pid-reuse attack is reproduced without
 * waiting for the pid space to wrap around. The new process leads a new session and process group
 * (its pid is their number), then execs the command; the helper waits for it.
 */
final class PidReuse {

  private static final String CLONE3 =
      String.join(
          "\n",
          "import ctypes, os, struct, sys",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "libc.syscall.restype = ctypes.c_long",
          "tid = ctypes.c_int(int(sys.argv[1]))",
          "# struct clone_args: flags pidfd child_tid parent_tid exit_signal stack stack_size tls",
          "# set_tid set_tid_size cgroup; exit_signal = SIGCHLD",
          "args = struct.pack('11Q', 0, 0, 0, 0, 17, 0, 0, 0, ctypes.addressof(tid), 1, 0)",
          "buf = ctypes.create_string_buffer(args, len(args))",
          "r = libc.syscall(ctypes.c_long(435), buf, ctypes.c_size_t(len(args)))",
          "if r < 0:",
          "    print('clone3: ' + os.strerror(ctypes.get_errno()), flush=True); sys.exit(3)",
          "if r == 0:",
          "    os.setsid(); os.execvp(sys.argv[2], sys.argv[2:])",
          "print(r, flush=True)",
          "os.waitpid(r, 0)");

  /** The helper, and the process that got the pid (alive until the helper is destroyed). */
  record Reused(Process helper, int pid) {}

  private PidReuse() {}

  /** A process with exactly {@code pid} running {@code command}, or null if the pid is taken. */
  static Reused spawn(int pid, List<String> command) throws IOException {
    List<String> argv =
        new ArrayList<>(List.of(AsUser.PYTHON, "-c", CLONE3, Integer.toString(pid)));
    argv.addAll(command);
    Process helper = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String line =
        new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (line == null || !line.equals(Integer.toString(pid))) {
      helper.destroyForcibly();
      if (line != null && line.contains("File exists")) {
        return null; // someone else got it first
      }
      throw new IOException("cannot create a process with pid " + pid + ": " + line);
    }
    return new Reused(helper, pid);
  }
}
