package io.svc4j.supervisor.logs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls that let the supervisor work inside a directory through a descriptor ({@code
 * openat} and friends), so that no path component is resolved again after it was checked. Every
 * call throws {@link LastErrorException} (errno) on failure.
 */
interface PosixCalls extends Library {
  PosixCalls INSTANCE = Native.load("c", PosixCalls.class);

  boolean ARM = System.getProperty("os.arch", "").startsWith("aarch64");

  int O_RDONLY = 0;
  int O_WRONLY = 1;
  int O_CREAT = 0100;
  int O_EXCL = 0200;
  int O_APPEND = 02000;
  int O_NONBLOCK = 04000;
  // These two differ between x86-64 (and most others) and arm64.
  int O_DIRECTORY = ARM ? 040000 : 0200000;
  int O_NOFOLLOW = ARM ? 0100000 : 0400000;
  int O_CLOEXEC = 02000000;
  int O_PATH = 010000000;
  int AT_REMOVEDIR = 0x200;

  int ENOENT = 2;
  int EINTR = 4;
  int EEXIST = 17;
  int ENXIO = 6;
  int ENOTDIR = 20;
  int ENOSPC = 28;
  int ELOOP = 40;
  int EDQUOT = 122;
  int ENODATA = 61;
  int EOPNOTSUPP = 95;

  int open(String path, int flags, int mode) throws LastErrorException;

  int openat(int dirfd, String name, int flags, int mode) throws LastErrorException;

  int mkdirat(int dirfd, String name, int mode) throws LastErrorException;

  int renameat(int olddirfd, String oldname, int newdirfd, String newname)
      throws LastErrorException;

  int unlinkat(int dirfd, String name, int flags) throws LastErrorException;

  long readlinkat(int dirfd, String name, byte[] buffer, long size) throws LastErrorException;

  int fchown(int fd, int uid, int gid) throws LastErrorException;

  int fchmod(int fd, int mode) throws LastErrorException;

  int ftruncate(int fd, long length) throws LastErrorException;

  long write(int fd, Pointer buffer, long count) throws LastErrorException;

  long read(int fd, byte[] buffer, long count) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  /** The size of extended attribute {@code name} of {@code fd} (with a null {@code value}). */
  long fgetxattr(int fd, String name, byte[] value, long size) throws LastErrorException;

  int geteuid();

  int getegid();

  String strerror(int errno);
}
