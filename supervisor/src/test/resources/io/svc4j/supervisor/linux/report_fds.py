# Reports what a child got under systemd's socket protocol, one line each, on stdout:
# "NAME FD PORT" for the socket LISTEN_FDNAMES names at fd 3, 4, ... ("NAME FD none: WHY" when that
# fd holds no socket), then the variables, its uid, then every open descriptor.
import os
import socket

names = os.environ.get("LISTEN_FDNAMES", "").split(":")
count = int(os.environ.get("LISTEN_FDS", "0"))
for i in range(count):
    fd = 3 + i
    try:
        s = socket.socket(fileno=fd)
        print("%s %d %d" % (names[i], fd, s.getsockname()[1]))
        s.detach()
    except OSError as e:
        print("%s %d none: %s" % (names[i], fd, e.strerror))
print("LISTEN_FDS=%d" % count)
print("LISTEN_FDNAMES=" + ":".join(names))
print("LISTEN_PID is mine=%s" % (os.environ.get("LISTEN_PID") == str(os.getpid())))
print("uid=%d" % os.getuid())
fds = []
for name in sorted(os.listdir("/proc/self/fd"), key=int):
    try:
        fds.append("%s->%s" % (name, os.readlink("/proc/self/fd/" + name)))
    except OSError:
        pass  # the listing's own descriptor, closed by now
print("open " + " ".join(fds))
