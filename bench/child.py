#!/usr/bin/env python3
"""The supervised program of the supervisor benchmarks (bench/supervisor_bench.py).

  crash DIR SECONDS  signal readiness, stay up SECONDS, record the exit instant, exit 1
  sleep DIR          signal readiness, then sleep until killed
  spam DIR LINES     write LINES 100-byte lines to stdout as fast as it can, exit 0
Instants are time.monotonic() (one clock for every process on the host), appended to DIR/events in
one write each, so concurrent instances cannot interleave a record.
"""
import os, socket, sys, time


def record(d, what):
    fd = os.open(os.path.join(d, "events"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{what} {time.monotonic():.6f}\n".encode())
    finally:
        os.close(fd)


def ready(d):
    path = os.environ.get("NOTIFY_SOCKET")
    if path:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(b"READY=1", "\0" + path[1:] if path.startswith("@") else path)
    record(d, "ready")


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == "crash":
        ready(d)
        time.sleep(float(sys.argv[3]))
        record(d, "exit")
        os._exit(1)
    elif mode == "sleep":
        ready(d)
        while True:
            time.sleep(3600)
    elif mode == "spam":
        lines = int(sys.argv[3])
        record(d, "start")
        out = sys.stdout.buffer
        pad = b"x" * 85 + b"\n"
        for i in range(lines):
            out.write(b"line %09d " % i + pad)
        out.flush()
        record(d, "end")


if __name__ == "__main__":
    main()
