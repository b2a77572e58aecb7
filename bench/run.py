#!/usr/bin/env python3
"""svc4j benchmark harness. Writes bench/results/latest.json and latest.md.

Every figure is reported next to a baseline measured in the same invocation, on the same machine:
  (a) start -> READY=1 of a minimal embedded service and of the HTTP example, as a ratio to the
      start -> exit time of a plain `java Hello` (same JVM, same class path);
  (b) graceful stop under load: requests sent, answered 200, failed after being accepted,
      refused after the stop began, and the SIGTERM -> exit latency;
  (c) throughput and latency of the example (full middleware chain) with wrk, against a bare
      Jetty 12 hello handler;
  (d) the supervisor (`svc4j run`, bench/supervisor_bench.py): restart latency after a crash
      against supervisord and systemd, RSS and idle CPU against supervisord, log capture
      throughput and lines lost against plain redirection to a file.
Not a test: it asserts nothing; it measures.  Usage: bench/run [--quick]
"""
import json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time
import http.client

import supervisor_bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_JAR = os.path.join(ROOT, "bench", "target", "svc4j-bench.jar")
HELLO_JAR = os.path.join(ROOT, "dist", "hello-http.jar")
QUICK = "--quick" in sys.argv
RUNS = 3 if QUICK else 10
WRK_SECONDS = 5 if QUICK else 15


def java_home():
    out = subprocess.run(["bash", "-c", "source bin/find-java.sh && svc4j_find_java && echo $SVC4J_JAVA_HOME"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


JAVA = os.path.join(java_home(), "bin", "java")
JVM_FLAGS = ["--enable-native-access=ALL-UNNAMED"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotifyListener:
    """A real sd_notify receiver: an AF_UNIX datagram socket, like systemd's."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="svc4j-bench-")
        self.path = os.path.join(self.dir, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)

    def wait_for(self, needle, timeout=60):
        self.sock.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self.sock.recv(4096).decode("utf-8", "replace")
            if needle in data.split("\n"):
                return time.monotonic()
        raise TimeoutError(needle)

    def close(self):
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def spawn(cmd, env_extra=None):
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    env.update(env_extra or {})
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def time_to_exit(cmd):
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - t0


def time_to_ready(cmd):
    listener = NotifyListener()
    try:
        t0 = time.monotonic()
        proc = spawn(cmd, {"NOTIFY_SOCKET": listener.path})
        t_ready = listener.wait_for("READY=1")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        return t_ready - t0
    finally:
        listener.close()


def startup():
    hello = [JAVA, *JVM_FLAGS, "-cp", BENCH_JAR, "io.svc4j.bench.Hello"]
    minimal = [JAVA, *JVM_FLAGS, "-cp", BENCH_JAR, "io.svc4j.bench.MinimalService"]
    results = {"baseline": [], "minimal": [], "hello_http": []}
    time_to_exit(hello)  # warm the page cache once
    for _ in range(RUNS):  # interleaved so drift hits all three alike
        results["baseline"].append(time_to_exit(hello))
        results["minimal"].append(time_to_ready(minimal))
        port = free_port()
        results["hello_http"].append(
            time_to_ready([JAVA, *JVM_FLAGS, "-jar", HELLO_JAR, "run", "--", "--port", str(port)]))
    med = {k: statistics.median(v) * 1000 for k, v in results.items()}
    return {
        "runs": RUNS,
        "baseline_java_hello_ms": round(med["baseline"], 1),
        "minimal_service_ready_ms": round(med["minimal"], 1),
        "hello_http_ready_ms": round(med["hello_http"], 1),
        "minimal_ratio": round(med["minimal"] / med["baseline"], 2),
        "hello_http_ratio": round(med["hello_http"] / med["baseline"], 2),
    }


def graceful_stop(concurrency=100, slow_ms=500):
    port = free_port()
    listener = NotifyListener()
    proc = spawn([JAVA, *JVM_FLAGS, "-jar", HELLO_JAR, "run", "--", "--port", str(port)],
                 {"NOTIFY_SOCKET": listener.path})
    try:
        listener.wait_for("READY=1")
    finally:
        listener.close()
    # ok: 200; rejected_503: a clean "shutting down" answer; failed: reset or error after connect
    counts = {"sent": 0, "ok": 0, "rejected_503": 0, "failed": 0, "refused": 0}
    lock = threading.Lock()
    stop_sending = threading.Event()

    def worker():
        while not stop_sending.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.connect()
            except OSError:
                with lock:
                    counts["refused"] += 1
                time.sleep(0.01)
                continue
            with lock:
                counts["sent"] += 1
            try:
                conn.request("GET", f"/api/slow?ms={slow_ms}")
                status = conn.getresponse().status
                key = {200: "ok", 503: "rejected_503"}.get(status, "failed")
            except OSError:
                key = "failed"
            finally:
                conn.close()
            with lock:
                counts[key] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    t_term = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=60)
    stop_latency = time.monotonic() - t_term
    time.sleep(0.5)
    stop_sending.set()
    for t in threads:
        t.join(timeout=35)
    return {"concurrency": concurrency, "slow_ms": slow_ms, "exit_code": code,
            "stop_latency_ms": round(stop_latency * 1000, 1), **counts}


def wrk(url):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{WRK_SECONDS}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(next(l for l in out.splitlines() if l.startswith("Requests/sec:")).split()[1])
    lat = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            lat[parts[0]] = parts[1]
    errors = next((l.strip() for l in out.splitlines() if "Non-2xx" in l or "Socket errors" in l), "")
    return {"requests_per_sec": rps, "p50": lat.get("50%"), "p99": lat.get("99%"), "errors": errors}


def wait_http(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"port {port} did not answer {path}")


def throughput():
    if not shutil.which("wrk"):
        return {"skipped": "wrk not installed (apt-get install wrk)"}
    results = {}
    bare_port, hello_port = free_port(), free_port()
    bare = spawn([JAVA, *JVM_FLAGS, "-cp", BENCH_JAR, "io.svc4j.bench.BareJettyHello", str(bare_port)])
    hello = spawn([JAVA, *JVM_FLAGS, "-jar", HELLO_JAR, "run", "--", "--port", str(hello_port)])
    try:
        wait_http(bare_port, "/")
        wait_http(hello_port, "/api/hello")
        for name, url in (("bare_jetty", f"http://127.0.0.1:{bare_port}/"),
                          ("hello_http", f"http://127.0.0.1:{hello_port}/api/hello")):
            wrk(url.replace(f"-d{WRK_SECONDS}s", "-d2s"))  # warm-up pass, discarded
            results[name] = wrk(url)
    finally:
        for p in (bare, hello):
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    results["hello_http_over_bare_rps"] = round(
        results["hello_http"]["requests_per_sec"] / results["bare_jetty"]["requests_per_sec"], 3)
    return results


def supervisor_rows(sv):
    r, fp, lc = sv["restart"], sv["footprint"], sv["log_capture"]

    def ms(x):
        return f"{x['median_ms']} ms (median of {x['crashes']}, max {x['max_ms']})" if "median_ms" in x \
            else f"skipped: {x['skipped']}"

    ratios = [f"{round(r['svc4j']['median_ms'] / r[k]['median_ms'], 2)}x {k}"
              for k in ("supervisord", "systemd") if "median_ms" in r.get(k, {}) and "median_ms" in r["svc4j"]]
    rows = [f"| supervisor: crash -> child ready again (exit 1 -> next READY=1), svc4j run, restart always, backoff 0 | {ms(r['svc4j'])} | supervisord autorestart, startsecs=0: {ms(r['supervisord'])}; systemd Restart=always, RestartSec=0: {ms(r['systemd'])} | {', '.join(ratios)} |"]
    if "supervisord" in fp:
        s4, sd = fp["svc4j"], fp["supervisord"]
        rows.append(f"| supervisor RSS, sleeping child | svc4j JVM {s4['rss_mib']} MiB | supervisord {sd['rss_mib']} MiB | {round(s4['rss_mib'] / sd['rss_mib'], 2)}x |")
        rows.append(f"| supervisor CPU over {fp['idle_seconds']} s idle | svc4j JVM {s4['idle_cpu_ticks']} ticks ({s4['idle_cpu_percent']} %) | supervisord {sd['idle_cpu_ticks']} ticks ({sd['idle_cpu_percent']} %) | |")
    else:
        s4 = fp["svc4j"]
        rows.append(f"| supervisor RSS / CPU over {fp['idle_seconds']} s idle, sleeping child | svc4j JVM {s4['rss_mib']} MiB, {s4['idle_cpu_ticks']} ticks ({s4['idle_cpu_percent']} %) | supervisord not installed | |")
    p, s = lc["plain"], lc["svc4j"]
    rows.append(f"| log capture, {lc['lines']} lines ({lc['mb']} MB) as fast as the child writes, gzip off | svc4j run --log-dir {s['mb_per_s']} MB/s, lines lost {s['lost']} (across {s['files']} rotated files) | shell redirection to a file {p['mb_per_s']} MB/s, lines lost {p['lost']} | {round(s['mb_per_s'] / p['mb_per_s'], 3)}x |")
    return rows


def main():
    if not (os.path.exists(BENCH_JAR) and os.path.exists(HELLO_JAR)):
        subprocess.run(["bash", "-c", f"JAVA_HOME={os.path.dirname(os.path.dirname(JAVA))} mvn -B -q -DskipTests package"],
                       cwd=ROOT, check=True)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
        "cpus": os.cpu_count(),
        "quick": QUICK,
        "startup": startup(),
        "graceful_stop": graceful_stop(),
        "throughput": throughput(),
        "supervisor": supervisor_bench.run(JAVA, JVM_FLAGS, QUICK),
    }
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "latest.json"), "w") as f:
        json.dump(report, f, indent=2)
    s, g, t = report["startup"], report["graceful_stop"], report["throughput"]
    lines = [
        f"# svc4j benchmark, {report['date']} ({report['java']}, {report['cpus']} CPUs{', quick' if QUICK else ''})",
        "",
        "| measure | value | baseline (same run) | ratio |",
        "|---|---|---|---|",
        f"| start -> READY, minimal embedded service | {s['minimal_service_ready_ms']} ms | java Hello start->exit {s['baseline_java_hello_ms']} ms | {s['minimal_ratio']}x |",
        f"| start -> READY, hello-http example | {s['hello_http_ready_ms']} ms | java Hello start->exit {s['baseline_java_hello_ms']} ms | {s['hello_http_ratio']}x |",
        f"| graceful stop under load ({g['concurrency']} clients, /api/slow?ms={g['slow_ms']}) | connected {g['sent']}: 200 OK {g['ok']}, clean 503 {g['rejected_503']}, reset/failed {g['failed']}; connections refused after stop began {g['refused']} | | |",
        f"| SIGTERM -> exit under that load | {g['stop_latency_ms']} ms (exit code {g['exit_code']}) | | |",
    ]
    if "skipped" in t:
        lines.append(f"| throughput | skipped: {t['skipped']} | | |")
    else:
        lines.append(f"| throughput, hello-http /api/hello (full middleware) | {t['hello_http']['requests_per_sec']:.0f} req/s, p50 {t['hello_http']['p50']}, p99 {t['hello_http']['p99']} | bare Jetty {t['bare_jetty']['requests_per_sec']:.0f} req/s, p50 {t['bare_jetty']['p50']}, p99 {t['bare_jetty']['p99']} | {t['hello_http_over_bare_rps']}x |")
    lines += supervisor_rows(report["supervisor"])
    with open(os.path.join(ROOT, "bench", "results", "latest.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
