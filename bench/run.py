#!/usr/bin/env python3
"""svc4j benchmark harness. Not a test: it asserts nothing; it measures, each figure next to a
baseline taken in the same invocation on the same machine.

  bench/run                 every section below, in this order, into ONE bench/results/latest.{json,md}
                            (the README's Benchmarks table is regenerated from it); each section's time
                            and the load average are in the output
  bench/run --quick         the same sections, shortened (fewer runs, rounds and seconds), to check that
                            the harness works, not for figures
  bench/run --only A[,B]    those sections alone, each into bench/results/SECTION.{json,md}
                            (--quick applies too)

Sections:
  startup          start -> READY=1 of the minimal embedded service (plain, and with an AOT cache /
                   AppCDS archive from a training run) and of hello-http (plain java -jar and through
                   bin/hello-http with its warm cache), `svc4j status NAME` (plain and through
                   bin/svc4j), each as a ratio to `java Hello` start -> exit (bench/startup_bench.py)
  footprint        RSS and idle CPU of `svc4j run` with a sleeping child, JVM defaults and the options
                   `svc4j install` writes, against supervisord (bench/startup_bench.py)
  throughput       wrk on GET /api/hello: hello-http, bare Jetty and Go net/http in interleaved rounds
                   (bench/throughput_bench.py)
  restart-handoff  hello-http restarted under 100 clients, socket handoff vs plain stop/start
                   (bench/restart_handoff_bench.py)
  graceful-stop    SIGTERM under 100 clients of continuous load, per round: 200s, clean 503s,
                   refused, resets, timeouts (bench/graceful_stop_bench.py)
  supervisor       crash -> ready again against supervisord and systemd, and log capture
                   throughput against shell redirection (bench/supervisor_bench.py)
A section that fails is recorded with its error and the others still run.
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


# CPU time (user + system) of the process measured last by time_to_exit / time_to_ready, in ms: a
# figure a loaded machine stretches far less than wall time (it still counts JIT and GC threads).
LAST_CPU_MS = [None]


def cpu_ms(pid):
    """utime + stime of a live process so far, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def run_to_exit(cmd, env=None, check=True):
    """Runs cmd to its end; returns seconds and records its CPU time (os.wait4's rusage)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    LAST_CPU_MS[0] = (usage.ru_utime + usage.ru_stime) * 1000
    if check and proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return elapsed


def time_to_exit(cmd):
    return run_to_exit(cmd)


def time_to_ready(cmd):
    listener = NotifyListener()
    try:
        t0 = time.monotonic()
        proc = spawn(cmd, {"NOTIFY_SOCKET": listener.path})
        t_ready = listener.wait_for("READY=1")
        try:
            LAST_CPU_MS[0] = cpu_ms(proc.pid)
        except (OSError, IndexError, ValueError):
            LAST_CPU_MS[0] = None
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        return t_ready - t0
    finally:
        listener.close()


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


def supervisor_rows(sv, with_footprint=True):
    """with_footprint=False: the footprint section's rows (defaults and install options) stand in."""
    r, fp, lc = sv["restart"], sv["footprint"], sv["log_capture"]

    def ms(x):
        return f"{x['median_ms']} ms (median of {x['crashes']}, max {x['max_ms']})" if "median_ms" in x \
            else f"skipped: {x['skipped']}"

    ratios = [f"{round(r['svc4j']['median_ms'] / r[k]['median_ms'], 2)}x {k}"
              for k in ("supervisord", "systemd") if "median_ms" in r.get(k, {}) and "median_ms" in r["svc4j"]]
    rows = [f"| supervisor: crash -> child ready again (exit 1 -> next READY=1), svc4j run, restart always, backoff 0 | {ms(r['svc4j'])} | supervisord autorestart, startsecs=0: {ms(r['supervisord'])}; systemd Restart=always, RestartSec=0: {ms(r['systemd'])} | {', '.join(ratios)} |"]
    if not with_footprint:
        pass
    elif "supervisord" in fp:
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
        f"| SIGTERM -> exit under that load | median {statistics.median(stops):.1f} ms, max {stops[-1]} ms (exit codes {sorted(set(r['exit_code'] for r in g['rounds']))}) | | |",
    ]


def wrk_for(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(next(l for l in out.splitlines() if l.startswith("Requests/sec:")).split()[1])
    p99 = next((l.split()[1] for l in out.splitlines() if l.split()[:1] == ["99%"]), None)
    return {"requests_per_sec": rps, "p99": p99}


def header(report):
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "java": subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
            "cpus": os.cpu_count(), "quick": QUICK, "load_average_start": [round(x, 2) for x in os.getloadavg()],
            **report}


def run_startup():
    return startup_bench.startup(JAVA, JVM_FLAGS, BENCH_JAR, HELLO_JAR, RUNS, time_to_exit, time_to_ready, free_port,
                                 last_cpu_ms=lambda: LAST_CPU_MS[0], run_to_exit=run_to_exit)


def run_footprint():
    if QUICK:
        supervisor_bench.IDLE_SECONDS = 5
    return startup_bench.footprint(JAVA, JVM_FLAGS)


def run_throughput():
    if QUICK:
        throughput_bench.ROUNDS, throughput_bench.SECONDS, throughput_bench.WARMUP_SECONDS = 2, 3, 3
    return throughput_bench.run(JAVA, JVM_FLAGS, HELLO_JAR, BENCH_JAR, ROOT, free_port, spawn, wrk_for, wait_http)


def run_restart_handoff():
    return restart_handoff_bench.run(JAVA, JVM_FLAGS, HELLO_JAR)


def run_graceful_stop():
    return graceful_stop_bench.run(JAVA, JVM_FLAGS, HELLO_JAR, 3 if QUICK else 10)


def run_supervisor():
    if QUICK:
        supervisor_bench.IDLE_SECONDS = 5
    return supervisor_bench.run(JAVA, JVM_FLAGS, QUICK)


# name -> (title, run, rows(data, all_results), details(data) under the table)
SECTIONS = {
    "startup": ("start-up", run_startup, lambda d, _: startup_bench.startup_rows(d), None),
    "footprint": ("supervisor footprint", run_footprint, lambda d, _: startup_bench.footprint_rows(d),
                  startup_bench.footprint_details),
    "throughput": ("throughput", run_throughput, lambda d, _: throughput_bench.rows(d), None),
    "restart-handoff": ("restart under load", run_restart_handoff, lambda d, _: restart_handoff_bench.rows(d), None),
    "graceful-stop": ("graceful stop under load", run_graceful_stop, lambda d, _: graceful_stop_rows(d),
                      lambda d: ["Graceful stop under load, per round:", "", *graceful_stop_bench.markdown(d)]),
    "supervisor": ("supervisor", run_supervisor,
                   lambda d, done: supervisor_rows(d, with_footprint="footprint" not in done), None),
}


def run_sections(names):
    """Runs each section, timing it; a section that fails is recorded and the next one runs."""
    done, timing = {}, {}
    for name in names:
        t0 = time.monotonic()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        try:
            done[name] = SECTIONS[name][1]()
        except Exception as e:  # recorded, the other sections still run
            done[name] = {"error": f"{type(e).__name__}: {e}"}
        timing[name] = {"seconds": round(time.monotonic() - t0, 1),
                        "load_average_end": [round(x, 2) for x in os.getloadavg()]}
        print(f"bench: {name} took {timing[name]['seconds']} s (load average {timing[name]['load_average_end'][0]})",
              file=sys.stderr, flush=True)
    return done, timing


def markdown(report, names, done, timing, title):
    la = report["load_average_start"]
    lines = [f"# {title}, {report['date']} ({report['java']}, {report['cpus']} CPUs{', quick' if QUICK else ''}, "
             f"load average {la[0]:.1f} at the start)", "",
             "| measure | value | baseline (same run) | ratio |", "|---|---|---|---|"]
    details = []
    for name in names:
        data = done[name]
        if "error" in data:
            lines.append(f"| {SECTIONS[name][0]} | failed: {data['error']} | | |")
            continue
        lines += SECTIONS[name][2](data, done)
        if SECTIONS[name][3]:
            details += ["", *SECTIONS[name][3](data)]
    lines += ["", "Sections (time taken, load average at their end): " + "; ".join(
        f"{n} {timing[n]['seconds']} s ({timing[n]['load_average_end'][0]})" for n in names) + "."]
    return lines + details


def write(stem, report, lines):
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{stem}.json"), "w") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(out, f"{stem}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    if "--only" in sys.argv:
        names = sys.argv[sys.argv.index("--only") + 1].split(",") if sys.argv.index("--only") + 1 < len(sys.argv) else []
        unknown = [n for n in names if n not in SECTIONS] or ([] if names else ["(none)"])
        if unknown:
            sys.exit(f"bench/run: --only {','.join(unknown)}: unknown section (known: {', '.join(SECTIONS)})")
        for name in names:
            report = header({})
            done, timing = run_sections([name])
            report.update({name: done[name], "timing": timing})
            write(name, report, markdown(report, [name], done, timing, f"svc4j {SECTIONS[name][0]}"))
        return
    names = list(SECTIONS)
    report = header({})
    done, timing = run_sections(names)
    report.update(done)
    report["timing"] = timing
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["seconds"] = round(sum(t["seconds"] for t in timing.values()), 1)
    write("latest", report, markdown(report, names, done, timing, "svc4j benchmark"))


if __name__ == "__main__":
    main()
