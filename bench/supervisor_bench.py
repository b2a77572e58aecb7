"""The `supervisor` section of bench/run.py: svc4j's supervisor (`svc4j run`) against supervisord,
systemd and plain shell redirection, on the same child program (bench/child.py), in one invocation.

  restart latency: child's exit instant -> the next instance's ready instant, both taken by the
      child itself with time.monotonic(), median over the crashes; svc4j and systemd alternate in
      rounds (the machine's load moves more within a minute than their difference);
      `--restart-only [ROUNDS]` runs just that, with the ratio;
  footprint: RSS (/proc/PID/status VmRSS) and CPU ticks (/proc/PID/stat utime+stime) over 10 s of
      idle with a sleeping child;
  log capture: MB/s of a child writing lines as fast as it can, and lines lost across every
      rotated file, against `child > file`.
"""
import os, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD = os.path.join(HERE, "child.py")
SVC4J_JAR = os.path.join(os.path.dirname(HERE), "dist", "svc4j.jar")
# One interpreter for every runner, by absolute path: the systemd unit cannot use a PATH lookup, and
# `python3` on PATH may be a shim (pyenv's is a bash script that execs pyenv, which execs Python:
# ~60 ms more per start here), which would compare different children.
PYTHON = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else shutil.which("python3")
UP_SECONDS = 0.3  # how long each crashing instance stays up after it is ready
IDLE_SECONDS = 10


def events(d):
    try:
        with open(os.path.join(d, "events")) as f:
            return [(l.split()[0], float(l.split()[1])) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def wait_until(cond, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise TimeoutError(what)


def restart_latencies(evs):
    """For each exit, the time to the first ready after it."""
    out, pending = [], None
    for kind, t in evs:
        if kind == "exit":
            pending = t
        elif kind == "ready" and pending is not None:
            out.append(t - pending)
            pending = None
    return out


def stop(proc, timeout=30):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def popen(cmd, log):
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


# --- svc4j ---------------------------------------------------------------------------------------

def svc4j_config(d, name, extra):
    path = os.path.join(d, f"{name}.yaml")
    with open(path, "w") as f:
        f.write(f"name: {name}\ncommand: [{PYTHON}, {CHILD}]\n{extra}")
    return path


def svc4j_run(java, flags, d, name, child_args, extra, more_cli=()):
    cfg = svc4j_config(d, name, extra)
    log = open(os.path.join(d, f"{name}.supervisor.log"), "w")
    return popen([java, *flags, "-jar", SVC4J_JAR, "run", "--name", name, "--config", cfg, *more_cli,
                  "--", PYTHON, CHILD, *child_args], log)


CRASH_POLICY = ("restart: {mode: always, backoff: {initial: 0s, max: 0s, multiplier: 1, jitter: 0},\n"
                "          crash-loop: {max-starts: 1000, window: 60s}}\n"
                "readiness: {mode: notify, start-timeout: 30s}\n")


# --- supervisord ---------------------------------------------------------------------------------

def supervisord_run(d, child_args):
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(f"""[unix_http_server]
file={d}/supervisord.sock
[supervisord]
nodaemon=true
logfile={d}/supervisord.log
pidfile={d}/supervisord.pid
childlogdir={d}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{d}/supervisord.sock
[program:bench]
command={PYTHON} {CHILD} {' '.join(child_args)}
autorestart=true
startsecs=0
startretries=1000
stdout_logfile={d}/bench.out.log
redirect_stderr=true
""")
    return popen(["supervisord", "-n", "-c", conf], open(os.path.join(d, "supervisord.stdout"), "w"))


# --- systemd (booted in private namespaces by the tests' harness script) --------------------------

BOOT = os.path.join(os.path.dirname(HERE), "testing", "systemd-namespace", "src", "main", "resources",
                    "io", "svc4j", "testing", "systemd", "boot-systemd.sh")


class SystemdNamespace:
    """A systemd booted in private namespaces (the e2e harness's script), kept up across rounds so
    that its rounds can alternate with svc4j's on a machine whose load changes by the minute."""

    def __init__(self, d):
        self.d, self.pid, self.ns, self.evdir = d, None, None, None

    def ctl(self, *args, check=True, timeout=30):
        return subprocess.run(["nsenter", "-t", str(self.pid), "-m", "-p", "-n", "-u", "systemctl", *args],
                              capture_output=True, text=True, check=check, timeout=timeout)

    def boot(self):
        root = os.path.dirname(HERE)
        env = dict(os.environ, SVC4J_E2E_KEEP=root)
        env.pop("NOTIFY_SOCKET", None)
        boot_log = open(os.path.join(self.d, "systemd-boot.log"), "w")
        self.ns = subprocess.Popen(["setsid", "unshare", "--pid", "--fork", "--kill-child", "--mount",
                                    "--mount-proc", "--net", "--uts", BOOT], env=env, stdout=boot_log,
                                   stderr=subprocess.STDOUT)

        # PID 1 of the namespace is unshare's child; find it, then wait until systemd answers.
        def find_pid():
            kids = subprocess.run(["pgrep", "-P", str(self.ns.pid)], capture_output=True, text=True).stdout.split()
            self.pid = int(kids[0]) if kids else None
            return self.pid is not None
        wait_until(find_pid, 20, "namespace pid 1")

        def booted():
            try:
                state = self.ctl("is-system-running", check=False, timeout=5).stdout.strip()
            except subprocess.TimeoutExpired:
                return False
            return state in ("running", "degraded")
        wait_until(booted, 60, "systemd boot")
        # The checkout is bound back at its own path inside; /tmp is private there, so the child
        # records under a directory of the checkout.
        os.makedirs(os.path.join(root, "bench", "target"), exist_ok=True)
        self.evdir = tempfile.mkdtemp(prefix="systemd-", dir=os.path.join(root, "bench", "target"))
        unit = ("[Unit]\nStartLimitIntervalSec=0\n[Service]\n"
                f"ExecStart={PYTHON} {CHILD} crash {self.evdir} {UP_SECONDS}\n"
                "Restart=always\nRestartSec=0\n")
        subprocess.run(["nsenter", "-t", str(self.pid), "-m", "-p", "-n", "-u", "sh", "-c",
                        "cat > /run/systemd/system/bench-crash.service"], input=unit, text=True, check=True)
        self.ctl("daemon-reload")

    def crashes(self, crashes):
        """One round: the unit crash-loops until `crashes` restarts were seen; their latencies."""
        before = len(events(self.evdir))
        self.ctl("start", "bench-crash.service")
        try:
            wait_until(lambda: sum(1 for k, _ in events(self.evdir)[before:] if k == "ready") > crashes,
                       60, "systemd crashes")
        finally:
            self.ctl("stop", "bench-crash.service", check=False)
        return restart_latencies(events(self.evdir)[before:])

    def detail(self):
        detail = ""
        if self.pid is not None:
            try:
                detail = self.ctl("status", "--no-pager", "-n", "5", "bench-crash.service", check=False).stdout
                detail += self.ctl("show", "-p", "Restart,RestartUSec,NRestarts,Result", "bench-crash.service", check=False).stdout
                detail += subprocess.run(["nsenter", "-t", str(self.pid), "-m", "-p", "-n", "-u", "journalctl", "--no-pager", "-n", "15"], capture_output=True, text=True).stdout
            except Exception:
                pass
        return detail[-1500:]

    def close(self):
        if self.pid is not None:
            subprocess.run(["nsenter", "-t", str(self.pid), "-m", "-p", "-n", "-u", "systemctl", "poweroff"],
                           capture_output=True, timeout=30)
        if self.ns is not None:
            try:
                self.ns.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.ns.kill()
                self.ns.wait()
        if self.evdir:
            shutil.rmtree(self.evdir, ignore_errors=True)


def systemd_usable():
    return os.geteuid() == 0 and (shutil.which("systemd") or os.path.exists("/lib/systemd/systemd"))


def summary(lat):
    return {"crashes": len(lat), "median_ms": round(statistics.median(lat) * 1000, 1),
            "max_ms": round(max(lat) * 1000, 1)}


# --- the measures --------------------------------------------------------------------------------

def svc4j_crashes(java, flags, d, crashes):
    """One round: a fresh `svc4j run` whose child crash-loops until `crashes` restarts were seen."""
    sd = tempfile.mkdtemp(prefix="svc4j-", dir=d)
    proc = svc4j_run(java, flags, sd, "bench-sv", ["crash", sd, str(UP_SECONDS)], CRASH_POLICY)
    try:
        wait_until(lambda: sum(1 for k, _ in events(sd) if k == "ready") > crashes
                   or proc.poll() is not None, 90, f"svc4j: {crashes} restarts")
    finally:
        stop(proc)
    return restart_latencies(events(sd))


def restart(java, flags, crashes, rounds=None, peers=True):
    """svc4j and systemd in alternating rounds (the order swapped every round), each round a fresh
    supervisor with `crashes` crashes: both see the same load, which on this shared machine moves
    more between two minutes than the difference measured. supervisord once, after them."""
    rounds = rounds or 2
    res = {}
    d = tempfile.mkdtemp(prefix="svc4j-bench-sv-")
    loads = [os.getloadavg()[0]]
    try:
        ns = None
        if systemd_usable():
            ns = SystemdNamespace(d)
            try:
                ns.boot()
            except Exception as e:  # a boot that does not work here is a skipped row, not a failed run
                res["systemd"] = {"skipped": f"systemd in namespaces failed: {e}", "detail": ns.detail()}
                ns.close()
                ns = None
        else:
            res["systemd"] = {"skipped": "needs root and systemd installed"}
        lat = {"svc4j": [], "systemd": []}
        try:
            for r in range(rounds):
                order = ["svc4j", "systemd"] if r % 2 == 0 else ["systemd", "svc4j"]
                for who in order:
                    if who == "svc4j":
                        lat["svc4j"] += svc4j_crashes(java, flags, d, crashes)
                    elif ns is not None:
                        try:
                            lat["systemd"] += ns.crashes(crashes)
                        except Exception as e:
                            res["systemd"] = {"skipped": f"systemd round failed: {e}", "detail": ns.detail()}
                            ns.close()
                            ns = None
                loads.append(os.getloadavg()[0])
        finally:
            if ns is not None:
                ns.close()
        res["svc4j"] = summary(lat["svc4j"]) if lat["svc4j"] else {"skipped": "no restart seen"}
        if lat["systemd"] and "systemd" not in res:
            res["systemd"] = summary(lat["systemd"])
        res["rounds"] = rounds
        res["load_average_1min"] = [round(x, 2) for x in loads]
        if not peers:
            pass
        elif shutil.which("supervisord"):
            sd = os.path.join(d, "supervisord")
            os.makedirs(sd)
            proc = supervisord_run(sd, ["crash", sd, str(UP_SECONDS)])
            try:
                wait_until(lambda: sum(1 for k, _ in events(sd) if k == "ready") > crashes
                           or proc.poll() is not None, 90, f"supervisord: {crashes} restarts")
            finally:
                stop(proc)
            l = restart_latencies(events(sd))
            res["supervisord"] = summary(l) if l else {"skipped": f"no restart seen (exit code {proc.returncode})"}
        else:
            res["supervisord"] = {"skipped": "supervisord not installed (apt-get install supervisor)"}
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return res


def proc_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS:")).split()[1])


def proc_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat(5))


def footprint(java, flags):
    d = tempfile.mkdtemp(prefix="svc4j-bench-fp-")
    procs = {}
    try:
        os.makedirs(os.path.join(d, "svc4j"))
        procs["svc4j"] = svc4j_run(java, flags, os.path.join(d, "svc4j"), "bench-fp",
                                   ["sleep", os.path.join(d, "svc4j")], "readiness: {mode: notify}\n")
        if shutil.which("supervisord"):
            os.makedirs(os.path.join(d, "supervisord"))
            procs["supervisord"] = supervisord_run(os.path.join(d, "supervisord"),
                                                   ["sleep", os.path.join(d, "supervisord")])
        for name in procs:  # both idle at the same time: same machine load for each
            wait_until(lambda: events(os.path.join(d, name)), 60, f"{name}: child ready")
        time.sleep(2)  # let start-up work (JIT, class loading) settle
        t0 = {n: proc_ticks(p.pid) for n, p in procs.items()}
        time.sleep(IDLE_SECONDS)
        hz = os.sysconf("SC_CLK_TCK")
        res = {}
        for n, p in procs.items():
            ticks = proc_ticks(p.pid) - t0[n]
            res[n] = {"rss_mib": round(proc_rss_kib(p.pid) / 1024, 1), "idle_cpu_ticks": ticks,
                      "idle_cpu_percent": round(100 * ticks / hz / IDLE_SECONDS, 2)}
        res["idle_seconds"] = IDLE_SECONDS
        return res
    finally:
        for p in procs.values():
            stop(p)
        shutil.rmtree(d, ignore_errors=True)


def count_lines(files):
    n = 0
    for path in files:
        with open(path, "rb") as f:
            n += sum(1 for l in f if l.startswith(b"line "))
    return n


def log_capture(java, flags, lines):
    d = tempfile.mkdtemp(prefix="svc4j-bench-logs-")
    try:
        mb = lines * 100 / 1e6
        # baseline: the shell opens the file, the child writes straight into it
        bd = os.path.join(d, "plain")
        os.makedirs(bd)
        subprocess.run(["sh", "-c", f'exec "{PYTHON}" "{CHILD}" spam "{bd}" {lines} > "{bd}/out.log"'], check=True)
        t_start = dict(events(bd))["start"]
        plain_s = dict(events(bd))["end"] - t_start
        plain_lost = lines - count_lines([os.path.join(bd, "out.log")])
        # svc4j: child -> pipe -> supervisor's pump -> rotated files; done when the supervisor exits,
        # which it does after the clean exit of the child with its logs flushed and closed
        sd = os.path.join(d, "svc4j")
        logs = os.path.join(sd, "logs")
        os.makedirs(logs)
        proc = svc4j_run(java, flags, sd, "bench-logs", ["spam", sd, str(lines)],
                         "restart: {mode: no}\nreadiness: {mode: uptime, start-seconds: 0s}\n"
                         f"logs: {{directory: {logs}, max-size: 10MiB, keep: 100, gzip: false}}\n",
                         ["--log-dir", logs])
        try:
            proc.wait(timeout=120)
        finally:
            stop(proc)
        t_done = time.monotonic()
        ev = dict(events(sd))
        files = [os.path.join(logs, f) for f in os.listdir(logs)]
        svc_lost = lines - count_lines(files)
        svc_s = t_done - ev["start"]
        return {"lines": lines, "mb": round(mb, 1),
                "plain": {"seconds": round(plain_s, 3), "mb_per_s": round(mb / plain_s, 1), "lost": plain_lost},
                "svc4j": {"seconds": round(svc_s, 3), "mb_per_s": round(mb / svc_s, 1), "lost": svc_lost,
                          "files": len(files), "supervisor_exit_code": proc.returncode,
                          "child_write_seconds": round(ev["end"] - ev["start"], 3)}}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def run(java, flags, quick):
    crashes = 5
    res = {"restart": restart(java, flags, crashes, rounds=2 if quick else 4)}
    res["footprint"] = footprint(java, flags)
    res["log_capture"] = log_capture(java, flags, 100_000 if quick else 500_000)
    return res


def restart_side_by_side(java, flags, crashes, rounds):
    """Only the restart rows: svc4j and systemd in alternating rounds, with their ratio."""
    res = restart(java, flags, crashes, rounds, peers=False)
    if "median_ms" in res["svc4j"] and "median_ms" in res.get("systemd", {}):
        res["svc4j_vs_systemd"] = round(res["svc4j"]["median_ms"] / res["systemd"]["median_ms"], 2)
    return res


if __name__ == "__main__":
    # The section alone: python3 bench/supervisor_bench.py JAVA [--quick] [--restart-only [ROUNDS]]
    import json
    flags = ["--enable-native-access=ALL-UNNAMED"]
    if "--restart-only" in sys.argv:
        i = sys.argv.index("--restart-only")
        n = int(sys.argv[i + 1]) if len(sys.argv) > i + 1 and sys.argv[i + 1].isdigit() else 4
        print(json.dumps(restart_side_by_side(sys.argv[1], flags, 5, n), indent=2))
    else:
        print(json.dumps(run(sys.argv[1], flags, "--quick" in sys.argv), indent=2))
