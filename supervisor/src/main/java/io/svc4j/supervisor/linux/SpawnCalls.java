package io.svc4j.supervisor.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * glibc's posix_spawn(3) and what it needs: the JDK cannot start a child in a new session, with
 * descriptors other than 0-2, or without an exec step of its own (jspawnhelper), so {@link
 * ChildSpawner} calls it directly. posix_spawn uses {@code clone(CLONE_VM|CLONE_VFORK)}, which is
 * safe in a multi-threaded JVM: the child runs no Java code before its exec. The posix_spawn
 * functions return an errno value (0 on success), not -1.
 *
 * <p>Direct mapping ({@code Native.register}), not a JNA interface: a restart runs this path a few
 * times in a young JVM, interpreted, and a direct call skips the proxy's reflection and argument
 * conversion in Java.
 */
final class SpawnCalls {

  static {
    Native.register("c");
  }

  private SpawnCalls() {}

  // <spawn.h> (glibc): SETSID since 2.26.
  static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  static final short POSIX_SPAWN_SETSID = 0x80;

  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int EINTR = 4;

  /**
   * Opaque glibc types, allocated generously: posix_spawn_file_actions_t is 80 bytes and
   * posix_spawnattr_t 336 on x86_64 and aarch64, sigset_t 128.
   */
  static final int OPAQUE_BYTES = 1024;

  static native int posix_spawn(
      int[] pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

  static native int posix_spawn_file_actions_init(Pointer actions);

  static native int posix_spawn_file_actions_destroy(Pointer actions);

  static native int posix_spawn_file_actions_addopen(
      Pointer actions, int fd, String path, int flags, int mode);

  static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

  /** glibc 2.34+: closes every descriptor from {@code from} up in the child. */
  static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

  /** glibc 2.29+. */
  static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

  static native int posix_spawnattr_init(Pointer attributes);

  static native int posix_spawnattr_destroy(Pointer attributes);

  static native int posix_spawnattr_setflags(Pointer attributes, short flags);

  static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

  static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

  static native int sigemptyset(Pointer set);

  static native int sigfillset(Pointer set);

  // These two throw (with errno) when the call fails.

  static native int pipe2(int[] fds, int flags) throws LastErrorException;

  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  static native int close(int fd);

  static native String strerror(int errno);
}
