#!/usr/bin/env python3
"""A minimal socket-activation manager for tests: holds one listening socket and starts the
command given as arguments with it as fd 3 (LISTEN_FDS=1, LISTEN_FDNAMES=http, LISTEN_PID = the
child's pid), as systemd and `svc4j run` do. Commands on stdin, one a line:
  start  -> starts a child, prints "started PID"
  stop   -> SIGTERM to the child, waits, prints "exited CODE"
Prints "port N" first. Exits (stopping its child) when stdin closes."""
import os
import signal
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
sock.listen(1024)
print("port", sock.getsockname()[1], flush=True)
child = None


def start():
    pid = os.fork()
    if pid == 0:
        if sock.fileno() == 3:
            os.set_inheritable(3, True)
        else:
            os.dup2(sock.fileno(), 3)  # dup2 leaves the new fd inheritable
        os.environ["LISTEN_FDS"] = "1"
        os.environ["LISTEN_FDNAMES"] = "http"
        os.environ["LISTEN_PID"] = str(os.getpid())
        os.execvp(sys.argv[1], sys.argv[1:])
    return pid


for line in sys.stdin:
    cmd = line.strip()
    if cmd == "start":
        child = start()
        print("started", child, flush=True)
    elif cmd == "stop" and child is not None:
        os.kill(child, signal.SIGTERM)
        _, status = os.waitpid(child, 0)
        child = None
        print("exited", os.waitstatus_to_exitcode(status), flush=True)
if child is not None:
    os.kill(child, signal.SIGTERM)
    os.waitpid(child, 0)
