"""The `graceful stop under load` section of bench/run.py: hello-http under continuous load from
100 client threads, SIGTERM in the middle, repeated for several rounds, each with a fresh server.

Every client connects, sends one GET /api/slow?ms=N (N random in 0..SLOW_MS) on a fresh connection, reads the whole answer
and connects again, until the round ends. Each attempt ends in exactly one of:
  ok          a complete 200 (body as long as Content-Length says);
  clean_503   a complete 503 carrying `Connection: close`;
  refused     connect() failed with ECONNREFUSED (nothing was accepted);
  reset       the connection was accepted, then reset or closed before a complete response;
  timeout     no connect or no complete answer within CLIENT_TIMEOUT;
  other       anything else (another status, a 503 without Connection: close, another error).
The goal is reset == timeout == other == 0 in every round.

Run alone:  python3 bench/graceful_stop_bench.py [ROUNDS]  (bench/run --only graceful-stop)
"""
import errno, http.client, os, random, signal, socket, subprocess, sys, tempfile, threading, time

CLIENTS = 100
SLOW_MS = 500  # each request sleeps a random 0..SLOW_MS ms, so arrivals are continuous
LOAD_SECONDS = 2.0  # continuous load before the SIGTERM
AFTER_EXIT_SECONDS = 0.5  # clients keep trying after the server exited (all refused)
CLIENT_TIMEOUT = 10.0  # far above a SYN retransmit (1 s), far below "hung"
KINDS = ("ok", "clean_503", "refused", "reset", "timeout", "other")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(notify_path, timeout=60):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify_path)
    sock.settimeout(timeout)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "READY=1" in sock.recv(4096).decode("utf-8", "replace").split("\n"):
                return
        raise TimeoutError("READY=1")
    finally:
        sock.close()


def attempt(port):
    """One request on a fresh connection; returns its kind (one of KINDS) and a detail."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        try:
            conn.connect()
        except ConnectionRefusedError:
            return "refused", ""
        except socket.timeout:
            return "timeout", "connect"
        try:
            conn.request("GET", f"/api/slow?ms={random.randint(0, SLOW_MS)}")
            resp = conn.getresponse()
            resp.read()  # raises IncompleteRead on a short body
        except socket.timeout:
            return "timeout", "response"
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected,
                http.client.IncompleteRead) as e:
            return "reset", type(e).__name__
        except OSError as e:
            return ("reset", type(e).__name__) if e.errno in (errno.ECONNRESET, errno.EPIPE) \
                else ("other", repr(e))
        if resp.status == 200:
            return "ok", ""
        if resp.status == 503 and (resp.getheader("Connection") or "").lower() == "close":
            return "clean_503", ""
        return "other", f"status {resp.status} Connection={resp.getheader('Connection')}"
    finally:
        conn.close()


def one_round(java, jvm_flags, hello_jar):
    port = free_port()
    d = tempfile.mkdtemp(prefix="svc4j-bench-stop-")
    notify = os.path.join(d, "notify")
    env = dict(os.environ, NOTIFY_SOCKET=notify)
    waiter = threading.Thread(target=wait_ready, args=(notify,))
    waiter.start()
    while not os.path.exists(notify):
        time.sleep(0.01)
    proc = subprocess.Popen([java, *jvm_flags, "-jar", hello_jar, "run", "--", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    waiter.join()
    os.unlink(notify)
    os.rmdir(d)

    counts = {k: 0 for k in KINDS}
    details = {}
    lock = threading.Lock()
    stop_sending = threading.Event()

    def client():
        while not stop_sending.is_set():
            kind, detail = attempt(port)
            with lock:
                counts[kind] += 1
                if detail and kind != "ok":
                    details[f"{kind}:{detail}"] = details.get(f"{kind}:{detail}", 0) + 1
            if kind == "refused":
                time.sleep(0.01)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(LOAD_SECONDS)
    t_term = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
    stop_ms = (time.monotonic() - t_term) * 1000
    time.sleep(AFTER_EXIT_SECONDS)
    stop_sending.set()
    for t in threads:
        t.join(timeout=CLIENT_TIMEOUT + 5)
    return {**counts, "exit_code": code, "stop_ms": round(stop_ms, 1), "details": details}


def run(java, jvm_flags, hello_jar, rounds=10):
    results = []
    for i in range(rounds):
        r = one_round(java, jvm_flags, hello_jar)
        results.append(r)
        print(f"  graceful stop round {i + 1}/{rounds}: " + ", ".join(
            f"{k} {r[k]}" for k in KINDS) + f"; SIGTERM->exit {r['stop_ms']} ms, exit code "
            f"{r['exit_code']} {r['details'] or ''}", file=sys.stderr, flush=True)
    clean = [r for r in results if r["reset"] == 0 and r["timeout"] == 0 and r["other"] == 0
             and r["exit_code"] == 0]
    return {"clients": CLIENTS, "slow_ms": SLOW_MS, "load_seconds": LOAD_SECONDS,
            "client_timeout_s": CLIENT_TIMEOUT, "rounds": results,
            "clean_rounds": len(clean), "all_clean": len(clean) == len(results)}


def markdown(g):
    lines = [f"| round | complete 200 | clean 503 (Connection: close) | refused at connect | resets | timeouts | other | SIGTERM -> exit |",
             "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(g["rounds"], 1):
        lines.append(f"| {i} | {r['ok']} | {r['clean_503']} | {r['refused']} | {r['reset']} | {r['timeout']} | {r['other']} | {r['stop_ms']} ms (exit {r['exit_code']}) |")
    total = {k: sum(r[k] for r in g["rounds"]) for k in KINDS}
    lines.append(f"| all {len(g['rounds'])} | {total['ok']} | {total['clean_503']} | {total['refused']} | {total['reset']} | {total['timeout']} | {total['other']} | {g['clean_rounds']} of {len(g['rounds'])} rounds clean |")
    return lines


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    java_home = subprocess.run(
        ["bash", "-c", "source bin/find-java.sh && svc4j_find_java && echo $SVC4J_JAVA_HOME"],
        cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    g = run(os.path.join(java_home, "bin", "java"), ["--enable-native-access=ALL-UNNAMED"],
            os.path.join(root, "dist", "hello-http.jar"), int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    print("\n".join(markdown(g)))
