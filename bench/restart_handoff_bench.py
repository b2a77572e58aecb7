"""The `restart under load` section of bench/run.py (bench/run --only restart-handoff): hello-http
restarted (SIGTERM, wait for exit, start again: what `systemctl restart` does) under 100 client
threads of continuous load, in two ways in the same run:

  handoff     this script holds the listening socket, as a systemd .socket unit or the supervisor
              would, and passes it to each instance as fd 3 with LISTEN_FDS/LISTEN_FDNAMES/LISTEN_PID;
  plain       each instance opens the port itself (--port), so nothing listens between the exit of
              the old instance and the listen of the new one.

Each attempt is one request on a fresh connection (GET /api/slow?ms=0..500, as in the graceful-stop
section) and ends as ok / clean_503 / refused / reset / timeout / other (graceful_stop_bench.attempt).
A failed request is anything but ok. Also reported: the longest time one attempt took from connect to
the end of its answer (ok or not) while the restart was under way, and SIGTERM -> new instance ready.
"""
import os, signal, socket, subprocess, sys, tempfile, threading, time

import graceful_stop_bench as gsb

CLIENTS = 100
LOAD_BEFORE = 2.0  # seconds of load before the restart
LOAD_AFTER = 2.0  # seconds of load after the new instance is ready


def spawn(java, jvm_flags, hello_jar, port, listen_fd, notify):
    """Starts hello-http; with listen_fd, as fd 3 under the LISTEN_FDS protocol (fork + exec, so
    LISTEN_PID can name the new process itself)."""
    argv = [java, *jvm_flags, "-jar", hello_jar, "run", "--", "--port", str(port)]
    env = dict(os.environ, NOTIFY_SOCKET=notify)
    devnull = os.open(os.devnull, os.O_RDWR)
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            if listen_fd is not None:
                if listen_fd == 3:
                    os.set_inheritable(3, True)
                else:
                    os.dup2(listen_fd, 3)
                env.update(LISTEN_FDS="1", LISTEN_FDNAMES="http", LISTEN_PID=str(os.getpid()))
            os.closerange(4, 1024)
            os.execve(java, argv, env)
        finally:
            os._exit(127)
    os.close(devnull)
    return pid


def ready_waiter(notify):
    """Binds the notify socket now; the returned thread ends at READY=1."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify)
    sock.settimeout(60)

    def wait():
        try:
            while "READY=1" not in sock.recv(4096).decode("utf-8", "replace").split("\n"):
                pass
        finally:
            sock.close()
            os.unlink(notify)

    t = threading.Thread(target=wait)
    t.start()
    return t


def start(java, jvm_flags, hello_jar, port, listen_fd, workdir, n):
    notify = os.path.join(workdir, f"notify-{n}")
    waiter = ready_waiter(notify)
    pid = spawn(java, jvm_flags, hello_jar, port, listen_fd, notify)
    return pid, waiter


def one_mode(java, jvm_flags, hello_jar, handoff):
    workdir = tempfile.mkdtemp(prefix="svc4j-bench-restart-")
    held = None
    if handoff:
        held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind(("127.0.0.1", 0))
        held.listen(4096)
        port = held.getsockname()[1]
    else:
        port = gsb.free_port()
    fd = held.fileno() if held else None
    pid, waiter = start(java, jvm_flags, hello_jar, port, fd, workdir, 1)
    waiter.join()

    counts = {k: 0 for k in gsb.KINDS}
    lock = threading.Lock()
    stop_sending = threading.Event()
    window = {"from": None, "to": None}
    longest = [0.0]

    def client():
        while not stop_sending.is_set():
            began = time.monotonic()
            kind, _ = gsb.attempt(port)
            ended = time.monotonic()
            with lock:
                counts[kind] += 1
                w0, w1 = window["from"], window["to"]
                # Attempts that overlap the restart (SIGTERM .. new instance ready).
                if w0 is not None and ended >= w0 and (w1 is None or began <= w1):
                    longest[0] = max(longest[0], ended - began)
            if kind == "refused":
                time.sleep(0.01)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(LOAD_BEFORE)
    with lock:
        window["from"] = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    _, status = os.waitpid(pid, 0)
    exit_code = os.waitstatus_to_exitcode(status)
    pid, waiter = start(java, jvm_flags, hello_jar, port, fd, workdir, 2)
    waiter.join()
    with lock:
        window["to"] = time.monotonic()
    restart_ms = (window["to"] - window["from"]) * 1000
    time.sleep(LOAD_AFTER)
    stop_sending.set()
    for t in threads:
        t.join(timeout=gsb.CLIENT_TIMEOUT + 5)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    if held:
        held.close()
    os.rmdir(workdir)
    failed = sum(counts[k] for k in gsb.KINDS if k != "ok")
    return {**counts, "failed": failed, "old_exit_code": exit_code,
            "restart_ms": round(restart_ms, 1), "longest_request_ms": round(longest[0] * 1000, 1)}


def run(java, jvm_flags, hello_jar):
    result = {"clients": CLIENTS, "slow_ms": gsb.SLOW_MS}
    for mode in ("handoff", "plain"):
        r = one_mode(java, jvm_flags, hello_jar, mode == "handoff")
        result[mode] = r
        print(f"  restart under load, {mode}: " + ", ".join(f"{k} {r[k]}" for k in gsb.KINDS)
              + f"; longest request {r['longest_request_ms']} ms; SIGTERM -> new ready "
              f"{r['restart_ms']} ms", file=sys.stderr, flush=True)
    return result


def rows(r):
    def cell(m):
        return (f"failed {m['failed']} (refused {m['refused']}, reset {m['reset']}, timeout {m['timeout']}, "
                f"503 {m['clean_503']}, other {m['other']}) of {m['failed'] + m['ok']}; longest request "
                f"{m['longest_request_ms']} ms; SIGTERM -> new instance ready {m['restart_ms']} ms")
    return [f"| restart under load ({r['clients']} clients, fresh connection per request, "
            f"/api/slow?ms=0..{r['slow_ms']}), socket handoff (LISTEN_FDS) | {cell(r['handoff'])} | "
            f"plain stop/start: {cell(r['plain'])} | |"]
