# A server that speaks systemd's socket protocol with several sockets: LISTEN_FDS sockets from fd 3
# on, named by LISTEN_FDNAMES; on each it answers HTTP with the socket's name as the body. At start
# it writes what it got to the file given as argument: its pid, the three variables, and every open
# descriptor with what it points at. SIGTERM: it answers what it accepted, then exits.
import os
import selectors
import signal
import socket
import sys

report = sys.argv[1]
lines = [
    "pid=" + str(os.getpid()),
    "LISTEN_PID=" + os.environ.get("LISTEN_PID", ""),
    "LISTEN_FDS=" + os.environ.get("LISTEN_FDS", ""),
    "LISTEN_FDNAMES=" + os.environ.get("LISTEN_FDNAMES", ""),
]
for name in sorted(os.listdir("/proc/self/fd"), key=int):
    try:
        lines.append("fd %s -> %s" % (name, os.readlink("/proc/self/fd/" + name)))
    except OSError:
        pass  # the directory listing's own descriptor, closed by now
if os.environ.get("LISTEN_PID") != str(os.getpid()):
    sys.exit("LISTEN_PID is not my pid")
names = os.environ["LISTEN_FDNAMES"].split(":")
count = int(os.environ["LISTEN_FDS"])
selector = selectors.DefaultSelector()
for i in range(count):
    listener = socket.socket(fileno=3 + i)
    listener.setblocking(False)
    selector.register(listener, selectors.EVENT_READ, names[i])

stopping = False


def term(*_):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, term)
tmp = report + ".tmp"
with open(tmp, "w") as f:
    f.write("\n".join(lines) + "\n")
os.replace(tmp, report)
while not stopping:
    for key, _ in selector.select(timeout=0.05):
        try:
            conn, _ = key.fileobj.accept()
        except BlockingIOError:
            continue
        with conn:
            conn.setblocking(True)
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            body = (key.data + "\n").encode()
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
