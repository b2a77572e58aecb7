"""Start-up and supervisor footprint sections of bench/run (issue 12, points 1 and 4).

  startup    each figure next to `java Hello` (start -> exit) of the same JVM in the same run:
             the minimal embedded service and hello-http (start -> READY=1), and `svc4j status NAME`
             (start -> exit), each plain (`java -jar`, no cache) and as the launchers run them
             (bin/hello-http, bin/svc4j: their JVM options and a warmed class-data cache, see
             bin/jvm-cache.sh); the embedded service with an AOT cache (Java 25) or dynamic AppCDS
             archive (21) made by a training run, as docs/performance.md tells embedders to.
  footprint  RSS and CPU ticks over 10 s idle of `svc4j run` with a sleeping child, with the JVM's
             defaults and with the options `svc4j install` writes (JvmOptions.supervisor(), read from
             the ExecStart of `svc4j install --dry-run` run by the same java), next
             to supervisord with the same child.
"""
import os, shlex, shutil, signal, statistics, subprocess, tempfile, time

import supervisor_bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def install_options(java):
    """The JVM options `svc4j install` writes for the supervisor when `java` runs it (JvmOptions
    .supervisor(): version-gated), read from the ExecStart of its --dry-run unit."""
    out = subprocess.run([java, "-jar", supervisor_bench.SVC4J_JAR, "install", "--dry-run", "--name", "bench-fp",
                          "--", "/bin/sleep", "1"], capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("ExecStart="):
            args = shlex.split(line[len("ExecStart="):])
            return args[1:args.index("-jar")]
    raise RuntimeError(f"svc4j install --dry-run wrote no ExecStart: {out.stdout[-300:]} {out.stderr[-300:]}")


def java_feature(java):
    home = os.path.dirname(os.path.dirname(os.path.realpath(java)))
    with open(os.path.join(home, "release")) as f:
        for line in f:
            if line.startswith("JAVA_VERSION="):
                return int(line.split('"')[1].split(".")[0])
    return 21


def run_quiet(cmd, env=None, timeout=120):
    return subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)


def embedded_cache_flags(java, flags, minimal_cmd_tail, d, time_to_ready):
    """A training run of the minimal service (started, READY, SIGTERM), as an embedder would do."""
    if java_feature(java) >= 25:
        cache = os.path.join(d, "minimal.aot")
        time_to_ready([java, *flags, f"-XX:AOTCacheOutput={cache}", *minimal_cmd_tail])
        return [f"-XX:AOTCache={cache}"] if os.path.exists(cache) else []
    cache = os.path.join(d, "minimal.jsa")
    time_to_ready([java, *flags, f"-XX:ArchiveClassesAtExit={cache}", *minimal_cmd_tail])
    return [f"-XX:SharedArchiveFile={cache}"] if os.path.exists(cache) else []


def warm_launcher(cmd, env, cache_dir, runner, runs=4):
    """Runs a launcher until its cache is built (record, assemble in the background, use)."""
    for _ in range(runs):
        runner(cmd, env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a background assembly, if one was started
            names = os.listdir(cache_dir) if os.path.isdir(cache_dir) else []
            if not any(n.endswith(".claimed") for n in names):
                break
            time.sleep(0.2)
        if any(n.endswith((".aot", ".jsa")) for n in os.listdir(cache_dir)):
            return True
    return False


def startup(java, flags, bench_jar, hello_jar, runs, time_to_exit, time_to_ready, free_port,
            last_cpu_ms=lambda: None, run_to_exit=None):
    """Wall time of each start (the goals' measure) and, next to it, the CPU time (user + system) of
    the JVM up to the same moment (READY=1 or exit), which a loaded machine stretches far less."""
    d = tempfile.mkdtemp(prefix="svc4j-bench-startup-")
    try:
        os.chmod(d, 0o700)
        env = dict(os.environ, JAVA_HOME=os.path.dirname(os.path.dirname(java)),
                   SVC4J_JVM_CACHE_DIR=os.path.join(d, "cache"))
        env.pop("NOTIFY_SOCKET", None)
        svc4j, hello_launcher = os.path.join(ROOT, "bin", "svc4j"), os.path.join(ROOT, "bin", "hello-http")
        status_name = "bench-status"
        hello = [java, *flags, "-cp", bench_jar, "io.svc4j.bench.Hello"]
        minimal_tail = ["-cp", bench_jar, "io.svc4j.bench.MinimalService"]
        cached = embedded_cache_flags(java, flags, minimal_tail, d, time_to_ready)

        def exit_with_env(cmd, e=env):
            if run_to_exit:
                return run_to_exit(cmd, env=e, check=False)
            t0 = time.monotonic()
            subprocess.run(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.monotonic() - t0

        def ready_launcher(cmd, e=env):
            saved = dict(os.environ)
            try:
                os.environ.clear()
                os.environ.update(e)
                return time_to_ready(cmd)
            finally:
                os.environ.clear()
                os.environ.update(saved)

        warm_launcher([svc4j, "status", status_name], env, os.path.join(d, "cache"), exit_with_env)
        warm_launcher([hello_launcher, "--port", str(free_port())], env, os.path.join(d, "cache"),
                      lambda c, e: ready_launcher([hello_launcher, "--port", str(free_port())], e))
        res = {k: [] for k in ("baseline", "minimal", "minimal_cached", "hello_http", "hello_http_launcher",
                               "status", "status_launcher")}
        cpu = {k: [] for k in res}

        def measure(key, fn, *args):
            res[key].append(fn(*args))
            cpu[key].append(last_cpu_ms())

        time_to_exit(hello)  # warm the page cache once
        for _ in range(runs):  # interleaved so drift hits all alike
            measure("baseline", time_to_exit, hello)
            measure("minimal", time_to_ready, [java, *flags, *minimal_tail])
            measure("minimal_cached", time_to_ready, [java, *flags, *cached, *minimal_tail])
            measure("hello_http", time_to_ready,
                    [java, *flags, "-jar", hello_jar, "run", "--", "--port", str(free_port())])
            measure("hello_http_launcher", ready_launcher, [hello_launcher, "--port", str(free_port())])
            measure("status", exit_with_env, [java, *flags, "-jar", os.path.join(ROOT, "dist", "svc4j.jar"),
                                              "status", status_name])
            measure("status_launcher", exit_with_env, [svc4j, "status", status_name])
        med = {k: round(statistics.median(v) * 1000, 1) for k, v in res.items()}
        base = med["baseline"]
        cpu_med = {k: round(statistics.median(v)) for k, v in cpu.items() if v and None not in v}
        return {"runs": runs, "java_feature": java_feature(java), "embedded_cache": bool(cached),
                "median_ms": med, "ratio": {k: round(v / base, 2) for k, v in med.items() if k != "baseline"},
                "median_cpu_ms": cpu_med}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def startup_rows(s):
    m, r, c = s["median_ms"], s["ratio"], s.get("median_cpu_ms", {})
    cache = "AOT cache" if s["java_feature"] >= 25 else "AppCDS archive"

    def v(k):  # wall time, and the JVM's CPU time up to the same moment when it was measured
        return f"{m[k]} ms (CPU {c[k]} ms)" if k in c else f"{m[k]} ms"
    b = f"java Hello start->exit {v('baseline')}"
    status = "svc4j status NAME (no systemd on the bench machine: the call ends at systemctl's \"not booted\" answer)"
    return [
        f"| start -> READY, minimal embedded service, plain | {v('minimal')} | {b} | {r['minimal']}x (goal 1.5x) |",
        f"| start -> READY, minimal embedded service, {cache} from a training run | {v('minimal_cached')} | {b} | {r['minimal_cached']}x (goal 1.5x) |",
        f"| start -> READY, hello-http, plain java -jar | {v('hello_http')} | {b} | {r['hello_http']}x |",
        f"| start -> READY, hello-http, bin/hello-http (warm {cache}) | {v('hello_http_launcher')} | {b} | {r['hello_http_launcher']}x (goal 6x) |",
        f"| {status}, plain java -jar | {v('status')} | {b} | {r['status']}x |",
        f"| {status}, bin/svc4j (CLI options, warm {cache}) | {v('status_launcher')} | {b} | {r['status_launcher']}x (goal 4x) |",
    ]


def footprint(java, flags):
    options = install_options(java)
    return {"defaults": supervisor_bench.footprint(java, flags),
            "install_options": supervisor_bench.footprint(java, [*flags, *options]),
            "options": options}


def footprint_rows(f):
    rows = []
    for key, label in (("defaults", "JVM defaults"), ("install_options", "the options svc4j install writes")):
        fp = f[key]
        s4 = fp["svc4j"]
        sd = fp.get("supervisord")
        base = f"supervisord {sd['rss_mib']} MiB, {sd['idle_cpu_ticks']} ticks" if sd else "supervisord not installed"
        ratio = f"{round(s4['rss_mib'] / sd['rss_mib'], 2)}x RSS" if sd else ""
        rows.append(f"| supervisor with a sleeping child, {label}: RSS / CPU ticks over {fp['idle_seconds']} s idle "
                    f"| {s4['rss_mib']} MiB / {s4['idle_cpu_ticks']} ticks | {base} | {ratio} (goal 48 MiB, 1 tick) |")
    return rows


def footprint_details(f):
    """Under the table: the options the install row ran with."""
    return [f"The options `svc4j install` wrote for the supervisor (its --dry-run, same java): "
            f"`{' '.join(f['options'])}`"] if "options" in f else []
