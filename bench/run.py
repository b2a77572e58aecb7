#!/usr/bin/env python3
"""svc4j benchmark harness. Writes bench/results/latest.json and latest.md.

Every figure is reported next to a baseline measured in the same invocation, on the same machine:
  (a) start -> READY=1 of a minimal embedded service and of the HTTP example, as a ratio to the
      start -> exit time of a plain `java Hello` (same JVM, same class path);
  (b) graceful stop under load (bench/graceful_stop_bench.py): 10 rounds of 100 clients of
      continuous load and a SIGTERM in the middle; per round complete 200s, clean 503s, refused at
      connect, resets and timeouts (the goal: 0 resets, 0 timeouts), and SIGTERM -> exit;
  (c) throughput and latency of the example (full middleware chain) with wrk, against a bare
      Jetty 12 hello handler;
  (d) the supervisor (`svc4j run`, bench/supervisor_bench.py): restart latency after a crash
      against supervisord and systemd, RSS and idle CPU against supervisord, log capture
      throughput and lines lost against plain redirection to a file.
Not a test: it asserts nothing; it measures.  Usage: bench/run [--quick] [--only SECTION]
(--only startup / --only footprint: bench/startup_bench.py, written to bench/results/SECTION.{json,md});
(--only graceful-stop runs section (b) alone and writes bench/results/graceful-stop.{json,md}).
"""
import json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time
import http.client

import graceful_stop_bench
import restart_handoff_bench
import throughput_bench
import supervisor_bench
import startup_bench

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


def graceful_stop_rows(g):
    total = {k: sum(r[k] for r in g["rounds"]) for k in graceful_stop_bench.KINDS}
    stops = sorted(r["stop_ms"] for r in g["rounds"])
    return [
        f"| graceful stop under continuous load ({g['clients']} clients, fresh connection per request, /api/slow?ms=0..{g['slow_ms']}), {len(g['rounds'])} rounds | resets {total['reset']}, timeouts {total['timeout']} ({g['clean_rounds']} of {len(g['rounds'])} rounds with none); complete 200 {total['ok']}, clean 503 {total['clean_503']}, refused at connect {total['refused']} | | |",
        f"| SIGTERM -> exit under that load | median {statistics.median(stops)} ms, max {stops[-1]} ms (exit codes {sorted(set(r['exit_code'] for r in g['rounds']))}) | | |",
    ]


def graceful_stop_only():
    g = graceful_stop_bench.run(JAVA, JVM_FLAGS, HELLO_JAR, 10)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
              "cpus": os.cpu_count(), "graceful_stop": g}
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "graceful-stop.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = [f"# svc4j graceful stop under load, {report['date']} ({report['java']}, {report['cpus']} CPUs)", "",
             *graceful_stop_bench.markdown(g)]
    with open(os.path.join(out, "graceful-stop.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def wrk_for(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(next(l for l in out.splitlines() if l.startswith("Requests/sec:")).split()[1])
    p99 = next((l.split()[1] for l in out.splitlines() if l.split()[:1] == ["99%"]), None)
    return {"requests_per_sec": rps, "p99": p99}


def throughput_only():
    t = throughput_bench.run(JAVA, JVM_FLAGS, HELLO_JAR, BENCH_JAR, ROOT, free_port, spawn, wrk_for, wait_http)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
              "cpus": os.cpu_count(), "throughput": t}
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "throughput.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = [f"# svc4j throughput, {report['date']} ({report['java']}, {report['cpus']} CPUs)", "",
             "| measure | value | baseline (same run) | ratio |", "|---|---|---|---|",
             *throughput_bench.rows(t)]
    with open(os.path.join(out, "throughput.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def restart_handoff_only():
    r = restart_handoff_bench.run(JAVA, JVM_FLAGS, HELLO_JAR)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
              "cpus": os.cpu_count(), "restart_handoff": r}
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "restart-handoff.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = [f"# svc4j restart under load, {report['date']} ({report['java']}, {report['cpus']} CPUs)", "",
             "| measure | value | baseline (same run) | ratio |", "|---|---|---|---|",
             *restart_handoff_bench.rows(r)]
    with open(os.path.join(out, "restart-handoff.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def section_only(what):
    """--only startup | footprint: bench/startup_bench.py, written to bench/results/WHAT.{json,md}."""
    if what == "startup":
        data = startup_bench.startup(JAVA, JVM_FLAGS, BENCH_JAR, HELLO_JAR, RUNS, time_to_exit, time_to_ready,
                                     free_port)
        rows, title = startup_bench.startup_rows(data), "start-up"
    else:
        data = startup_bench.footprint(JAVA, JVM_FLAGS)
        rows, title = startup_bench.footprint_rows(data), "supervisor footprint"
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
              "cpus": os.cpu_count(), "load_average": os.getloadavg(), what: data}
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{what}.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = [f"# svc4j {title}, {report['date']} ({report['java']}, {report['cpus']} CPUs, load average "
             f"{report['load_average'][0]:.1f} at the end)", "",
             "| measure | value | baseline (same run) | ratio |", "|---|---|---|---|", *rows]
    with open(os.path.join(out, f"{what}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    if "--only" in sys.argv:
        what = sys.argv[sys.argv.index("--only") + 1]
        if what == "restart-handoff":
            restart_handoff_only()
            return
        if what in ("startup", "footprint"):
            section_only(what)
            return
        if what == "throughput":
            throughput_only()
            return
        if what != "graceful-stop":
            sys.exit(f"bench/run: --only {what}: unknown section (known: graceful-stop, restart-handoff, startup, footprint, throughput)")
        graceful_stop_only()
        return
    if not (os.path.exists(BENCH_JAR) and os.path.exists(HELLO_JAR)):
        subprocess.run(["bash", "-c", f"JAVA_HOME={os.path.dirname(os.path.dirname(JAVA))} mvn -B -q -DskipTests package"],
                       cwd=ROOT, check=True)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
        "cpus": os.cpu_count(),
        "quick": QUICK,
        "startup": startup(),
        "graceful_stop": graceful_stop_bench.run(JAVA, JVM_FLAGS, HELLO_JAR, RUNS),
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
        *graceful_stop_rows(g),
    ]
    if "skipped" in t:
        lines.append(f"| throughput | skipped: {t['skipped']} | | |")
    else:
        lines.append(f"| throughput, hello-http /api/hello (full middleware) | {t['hello_http']['requests_per_sec']:.0f} req/s, p50 {t['hello_http']['p50']}, p99 {t['hello_http']['p99']} | bare Jetty {t['bare_jetty']['requests_per_sec']:.0f} req/s, p50 {t['bare_jetty']['p50']}, p99 {t['bare_jetty']['p99']} | {t['hello_http_over_bare_rps']}x |")
    lines += supervisor_rows(report["supervisor"])
    lines += ["", "Graceful stop under load, per round:", "", *graceful_stop_bench.markdown(g)]
    with open(os.path.join(ROOT, "bench", "results", "latest.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
