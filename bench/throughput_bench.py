"""The `throughput` section of bench/run.py run alone (bench/run --only throughput): GET /api/hello
on hello-http (full middleware: request id, trace context, JSON access log, drain tracking, pause,
auth, routing), on a bare Jetty handler and on Go's net/http (bench/go/hello.go, built here with
Debian's golang-go), all on this machine in the same run (and, with SVC4J_BENCH_HELLO_BEFORE=path/to/hello-http.jar, another
build of hello-http in the same rounds, for before/after figures). wrk -t2 -c64 (wrk shares the 2 cores with
the server). Each server is warmed up, then ROUNDS rounds go through the three in turn, so a burst
of load from elsewhere on the machine hits all of them alike; the median per server is reported.
"""
import os, shutil, signal, statistics, subprocess, sys, time

ROUNDS = 5
SECONDS = 5
WARMUP_SECONDS = 8


def build_go(root):
    if not shutil.which("go"):
        return None
    out = os.path.join(root, "bench", "target", "go-hello")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    env = dict(os.environ, GOCACHE=os.path.join(root, "bench", "target", "gocache"), GOFLAGS="-mod=mod")
    subprocess.run(["go", "build", "-o", out, os.path.join(root, "bench", "go", "hello.go")],
                   check=True, env=env)
    return out


def run(java, jvm_flags, hello_jar, bench_jar, root, free_port, spawn, wrk, wait_http):
    servers = {}
    procs = []
    try:
        port = free_port()
        procs.append(spawn([java, *jvm_flags, "-jar", hello_jar, "run", "--", "--port", str(port)]))
        servers["hello_http"] = port
        before = os.environ.get("SVC4J_BENCH_HELLO_BEFORE")
        if before:
            # Another build of hello-http (e.g. before a change), measured in the same rounds.
            port = free_port()
            procs.append(spawn([java, *jvm_flags, "-jar", before, "run", "--", "--port", str(port)]))
            servers["hello_http_before"] = port
        port = free_port()
        procs.append(spawn([java, *jvm_flags, "-cp", bench_jar, "io.svc4j.bench.BareJettyHello", str(port)]))
        servers["bare_jetty"] = port
        go = build_go(root)
        if go:
            port = free_port()
            procs.append(spawn([go, str(port)]))
            servers["go_net_http"] = port
        for name, port in servers.items():
            wait_http(port, "/api/hello")
            subprocess.run(["wrk", "-t2", "-c64", f"-d{WARMUP_SECONDS}s", f"http://127.0.0.1:{port}/api/hello"],
                           capture_output=True, check=True)
        rounds = {name: [] for name in servers}
        for i in range(ROUNDS):
            for name, port in servers.items():
                r = wrk(f"http://127.0.0.1:{port}/api/hello", SECONDS)
                rounds[name].append(r)
                print(f"  throughput round {i + 1}/{ROUNDS}: {name} {r['requests_per_sec']:.0f} req/s",
                      file=sys.stderr, flush=True)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    result = {"rounds": ROUNDS, "seconds": SECONDS, "servers": {}}
    for name, rs in rounds.items():
        rps = sorted(r["requests_per_sec"] for r in rs)
        med = statistics.median(rps)
        result["servers"][name] = {"median_rps": round(med), "all_rps": [round(x) for x in rps],
                                   "p99_of_median_round": next(r["p99"] for r in rs if r["requests_per_sec"] == min(rps, key=lambda x: abs(x - med)))}
    h = result["servers"]["hello_http"]["median_rps"]
    if "hello_http_before" in result["servers"]:
        result["hello_over_before"] = round(h / result["servers"]["hello_http_before"]["median_rps"], 3)
    result["hello_over_bare"] = round(h / result["servers"]["bare_jetty"]["median_rps"], 3)
    if "go_net_http" in result["servers"]:
        result["hello_over_go"] = round(h / result["servers"]["go_net_http"]["median_rps"], 3)
    else:
        result["go_skipped"] = "go not installed (apt-get install golang-go)"
    return result


def rows(t):
    s = t["servers"]

    def cell(name):
        v = s[name]
        return f"{v['median_rps']} req/s (median of {t['rounds']} x {t['seconds']} s: {', '.join(map(str, v['all_rps']))})"
    lines = [f"| throughput, GET /api/hello, hello-http (full middleware) vs bare Jetty | {cell('hello_http')} | bare Jetty {cell('bare_jetty')} | {t['hello_over_bare']}x |"]
    if "go_net_http" in s:
        lines.append(f"| throughput, GET /api/hello, hello-http vs Go net/http | {cell('hello_http')} | Go net/http {cell('go_net_http')} | {t['hello_over_go']}x |")
    if "hello_http_before" in s:
        lines.append(f"| throughput, GET /api/hello, hello-http vs the build given as SVC4J_BENCH_HELLO_BEFORE | {cell('hello_http')} | before {cell('hello_http_before')} | {t['hello_over_before']}x |")
    return lines
