"""Load benchmark: the appeals API served by the real server (gunicorn + Huey worker) on loopback.

Issue requirement: 500 concurrent submissions and 2,000 mixed actions from 50 clients: no lost or
duplicated appeal, no 500, p95 latency reported.

How: a scratch database (`scratch_env()`), `liandong migrate`, then one `liandong shell -c` makes the
users: 50 enterprise users each for its own enterprise, one member department with 5 staff, 3 office
users (role admin). `liandong serve --addr 127.0.0.1:<free port> --workers N` (production settings,
LIANDONG_SECRET_KEY set, output in <scratch>/serve.log) serves them; every user gets a bearer token
(POST /api/v1/auth/token) and every client its own keep-alive connection (http.client).

  phase 1 (submit)   50 enterprise clients at once, 10 appeals each (POST /api/v1/appeals).
  phase 2 (actions)  50 clients at once, 2,000 requests in all: office clients list and respond /
                     dispatch / approve; department clients list and accept / report_solution /
                     reply; enterprise clients list, read one appeal and reply. Every write sends the
                     `version` the client last saw, so clients racing on one appeal get 409: counted
                     as an answer, like 400/403/404; any 5xx (or a broken connection) is a failure.

Checks, read back with `liandong shell`: exactly 500 appeals, one per submitted title, unique numbers
equal to those the 201 answers gave; per appeal `version` == its number of events (submit is event 1
at version 1, each accepted action adds one event and one version: services.appeal_act), events
chained (each from_status is the previous to_status, the last to_status is the status), and the
events beyond the submits equal the 200 answers to writes (no lost or phantom action).
Prints one JSON line; exit status 1 unless ok (the server log is tailed to stderr then).

    .venv/bin/python bench/appeals_load.py [--clients 50] [--submissions 500] [--actions 2000] [--workers 4]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import CLI, report, scratch_env, uscc

PASSWORD = "Load-bench-2024!"  # noqa: S105 (scratch users only)
IDLE_RECONNECT = 1.0  # seconds: gunicorn closes idle keep-alive connections after 2 s
OFFICE_NEXT = {"submitted": "respond", "responded": "dispatch", "resolved": "approve"}
DEPARTMENT_NEXT = {"dispatched": "accept", "docked": "report_solution"}
WRITES = {"submit", "respond", "dispatch", "approve", "accept", "report_solution", "reply"}
PAGE_SIZE = 50

SETUP = """
import json, os
from liandong.accounts.models import Organization, User
from liandong.enterprises.models import Enterprise
spec = json.loads(os.environ["BENCH_SETUP"])
pw = spec["password"]
dept = Organization.objects.create(name="负载测试局", kind="department")
for i, code in enumerate(spec["usccs"]):
    e = Enterprise.objects.create(uscc=code, name=f"负载测试企业{i:02d}")
    User.objects.create_user(f"ent{i:02d}", password=pw, role="enterprise", enterprise=e)
for i in range(spec["staff"]):
    User.objects.create_user(f"dept{i}", password=pw, role="department", organization=dept)
for i in range(spec["office"]):
    User.objects.create_user(f"office{i}", password=pw, role="admin")
print("BENCH " + json.dumps({"department": dept.pk}))
"""

CHECK = """
import json
from liandong.appeals.models import Appeal, AppealEvent
events = {}
for e in AppealEvent.objects.order_by("id").values("appeal_id", "kind", "from_status", "to_status", "created_at"):
    events.setdefault(e["appeal_id"], []).append(
        [e["kind"], e["from_status"], e["to_status"], e["created_at"].timestamp()])
appeals = [{**a, "events": events.pop(a["id"], [])}
           for a in Appeal.objects.values("id", "number", "title", "status", "version")]
print("BENCH " + json.dumps({"appeals": appeals, "orphan_events": sum(map(len, events.values()))},
                            ensure_ascii=False))
"""


def shell(env: dict[str, str], code: str) -> dict:
    proc = subprocess.run([str(CLI), "shell", "-c", code], env=env, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise SystemExit(f"liandong shell failed ({proc.returncode}): {proc.stderr[-3000:]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile, in ms rounded to 0.1."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


def latency(values: list[float]) -> dict:
    return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95), "p99_ms": percentile(values, 99),
            "max_ms": round(max(values), 1) if values else None}


class Recorder:
    """Every answer of the run: latency per phase, statuses per phase and per kind, 5xx samples."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.kinds: dict[str, Counter] = defaultdict(Counter)
        self.failures: list[dict] = []
        self.failure_count = 0
        self.reconnects = 0

    def add(self, phase: str, kind: str, status: int | str, ms: float | None, text: str = "") -> None:
        with self.lock:
            if ms is not None:
                self.ms[phase].append(ms)
                self.ms[f"{phase}_{'writes' if kind in WRITES else 'reads'}"].append(ms)
            self.status[phase][str(status)] += 1
            self.kinds[kind][str(status)] += 1
            if not isinstance(status, int) or status >= 500:
                self.failure_count += 1
                if len(self.failures) < 5:
                    self.failures.append({"phase": phase, "kind": kind, "status": status, "answer": text[:800]})


class Client:
    """One keep-alive connection to the server, with one user's token."""

    def __init__(self, port: int, recorder: Recorder, token: str | None = None) -> None:
        self.port, self.recorder, self.token = port, recorder, token
        self.conn: http.client.HTTPConnection | None = None
        self.last = 0.0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _send(self, method: str, path: str, data: bytes | None) -> tuple[int, bytes, float]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(2):
            fresh = self.conn is None or time.monotonic() - self.last > IDLE_RECONNECT
            if fresh:
                self.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            t0 = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt:
                    raise
                # The server dropped a kept-alive connection before reading the request: send again.
                with self.recorder.lock:
                    self.recorder.reconnects += 1
                continue
            ms = (time.perf_counter() - t0) * 1000
            self.last = time.monotonic()
            if response.will_close:
                self.close()
            return response.status, raw, ms
        raise AssertionError("unreachable")

    def call(self, phase: str, kind: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        try:
            status, raw, ms = self._send(method, path, data)
        except OSError as err:  # refused, reset, timed out: the server failed to answer
            self.close()
            self.recorder.add(phase, kind, f"error:{type(err).__name__}", None, str(err))
            return 0, {}
        text = raw.decode("utf-8", "replace")
        try:
            payload = json.loads(text) if text else {}
        except json.JSONDecodeError:
            payload = {}
        self.recorder.add(phase, kind, status, ms, text)
        return status, payload if isinstance(payload, dict) else {}


class Actor:
    """A phase-2 client: one role, one token, what it last saw of each appeal (status, version)."""

    def __init__(self, role: str, client: Client, rng: random.Random, department: int) -> None:
        self.role, self.client, self.rng, self.department = role, client, rng, department
        self.seen: dict[str, tuple[str, int]] = {}
        self.counts: dict[str, int] = {}

    def remember(self, item: dict) -> None:
        if "number" in item and "status" in item and "version" in item:
            self.seen[item["number"]] = (item["status"], item["version"])

    def list_page(self, status: str = "") -> None:
        pages = max(1, math.ceil(self.counts.get(status, PAGE_SIZE) / PAGE_SIZE))
        query = f"?page_size={PAGE_SIZE}&page={self.rng.randint(1, pages)}" + (f"&status={status}" if status else "")
        code, data = self.client.call("actions", "list", "GET", f"/api/v1/appeals{query}")
        if code == 200:
            self.counts[status] = data.get("count", 0)
            for item in data.get("items", []):
                self.remember(item)

    def act(self, number: str, action: str, body: dict) -> None:
        code, data = self.client.call("actions", action, "POST", f"/api/v1/appeals/{number}/actions/{action}", body)
        if code == 200:
            self.remember(data)
        elif code == 409 and "version" in data.get("extra", {}):
            extra = data["extra"]
            self.seen[number] = (extra.get("status", self.seen[number][0]), extra["version"])
        else:
            self.seen.pop(number, None)

    def step(self, i: int) -> None:
        """Exactly one request."""
        rng = self.rng
        if self.role == "enterprise":
            r = rng.random()
            if not self.seen or r < 0.3:
                self.list_page()
            elif r < 0.65:
                number = rng.choice(list(self.seen))
                code, data = self.client.call("actions", "detail", "GET", f"/api/v1/appeals/{number}")
                if code == 200:
                    self.remember(data)
            else:
                number = rng.choice(list(self.seen))
                self.act(number, "reply", {"version": self.seen[number][1], "message": f"企业补充说明 {i}"})
            return
        nxt = OFFICE_NEXT if self.role == "office" else DEPARTMENT_NEXT
        ready = [n for n, (status, _) in self.seen.items() if status in nxt]
        if not ready or rng.random() < 0.25:
            self.list_page(rng.choice(list(nxt)))
            return
        number = rng.choice(ready)
        status, version = self.seen[number]
        if self.role == "department" and rng.random() < 0.2:
            self.act(number, "reply", {"version": version, "message": f"部门沟通记录 {i}"})
            return
        action = nxt[status]
        body: dict = {"version": version}
        if action == "dispatch":
            body["department"] = self.department
        elif action == "report_solution":
            body["solution"] = f"已协调解决（负载测试 {i}）"
        else:
            body["note"] = f"负载测试 {action}"
        self.act(number, action, body)


def start_server(env: dict[str, str], port: int, workers: int, log_path: Path) -> subprocess.Popen:
    with log_path.open("wb") as log:
        return subprocess.Popen([str(CLI), "serve", "--addr", f"127.0.0.1:{port}", "--workers", str(workers)],
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(proc: subprocess.Popen, port: int, timeout: float = 180) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"liandong serve exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/appeals")
            conn.getresponse().read()
            conn.close()
            return time.perf_counter() - t0
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (serve, gunicorn master and workers, Huey), then SIGKILL
    whatever is still in it."""
    pgid = proc.pid
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        proc.poll()
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=10)


def tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run_parallel(jobs: list, fn) -> tuple[list, float]:
    """Run fn(job) for every job on its own thread, all released at once; returns (results, seconds)."""
    go = threading.Event()

    def wrapped(job):
        go.wait()
        return fn(job)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(wrapped, job) for job in jobs]
        time.sleep(0.2)
        t0 = time.perf_counter()
        go.set()
        results = [f.result() for f in futures]
    return results, time.perf_counter() - t0


def check(db: dict, acknowledged: dict[str, str], expected: set[str], writes_ok: int) -> dict:
    appeals = db["appeals"]
    titles = Counter(a["title"] for a in appeals)
    numbers = Counter(a["number"] for a in appeals)
    by_title = {a["title"]: a["number"] for a in appeals}
    inconsistent, out_of_time_order = [], 0
    for a in appeals:
        events = a["events"]
        kinds = [e[0] for e in events]
        chained = all(events[k][1] == events[k - 1][2] for k in range(1, len(events)))
        if not (events and kinds[0] == "submit" and kinds.count("submit") == 1 and a["version"] == len(events)
                and chained and events[-1][2] == a["status"]):
            inconsistent.append({"number": a["number"], "version": a["version"], "status": a["status"],
                                 "events": [e[:3] for e in events]})
        if any(events[k][3] < events[k - 1][3] for k in range(1, len(events))):
            out_of_time_order += 1
    events_beyond_submit = sum(len(a["events"]) - 1 for a in appeals if a["events"])
    return {
        "appeals": len(appeals),
        "lost": sum(1 for t in acknowledged if t not in titles),
        "duplicated": sum(c - 1 for c in titles.values() if c > 1),
        "missing": len(expected - set(titles)),
        "unexpected": sum(1 for t in titles if t not in expected),
        "numbers_unique": len(numbers) == len(appeals),
        "numbers_match_answers": sum(1 for t, n in acknowledged.items() if by_title.get(t) == n),
        "inconsistent_events": len(inconsistent),
        "inconsistent_samples": inconsistent[:3],
        "events_out_of_time_order": out_of_time_order,
        "orphan_events": db["orphan_events"],
        "events_beyond_submit": events_beyond_submit,
        "writes_ok": writes_ok,
        "statuses": dict(Counter(a["status"] for a in appeals)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50, help="enterprise clients in phase 1; clients in phase 2")
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--actions", type=int, default=2000, help="phase-2 requests (reads and writes)")
    parser.add_argument("--office-clients", type=int, default=12)
    parser.add_argument("--department-clients", type=int, default=13)
    parser.add_argument("--workers", type=int, default=min(8, 2 * (os.cpu_count() or 1)),
                        help="gunicorn workers (`liandong serve --workers`; 4 threads each)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    enterprise_clients = args.clients - args.office_clients - args.department_clients
    if enterprise_clients < 1:
        parser.error("--clients must exceed --office-clients + --department-clients")
    # `timeout` sends SIGTERM: turn it into SystemExit so that the finally below stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    env, tmp = scratch_env()
    env.pop("LIANDONG_DEBUG", None)  # production settings, as `liandong serve` runs them
    env["LIANDONG_SECRET_KEY"] = secrets.token_urlsafe(50)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    subprocess.run([str(CLI), "migrate", "-v", "0"], env=env, check=True, stdout=subprocess.DEVNULL)
    env["BENCH_SETUP"] = json.dumps({"usccs": [uscc(i) for i in range(args.clients)], "password": PASSWORD,
                                     "staff": 5, "office": 3})
    department = shell(env, SETUP)["department"]
    del env["BENCH_SETUP"]
    seconds["setup"] = round(time.perf_counter() - t0, 1)

    recorder = Recorder()
    port = free_port()
    log_path = tmp / "serve.log"
    server = start_server(env, port, args.workers, log_path)
    clients: list[Client] = []
    try:
        seconds["server_start"] = round(wait_ready(server, port), 1)

        # Tokens, one per user.
        enterprise_users = [f"ent{i:02d}" for i in range(args.clients)]
        users = [*enterprise_users, *(f"dept{i}" for i in range(5)), *(f"office{i}" for i in range(3))]

        def login(username: str) -> tuple[str, str | None]:
            c = Client(port, recorder)
            code, data = c.call("tokens", "token", "POST", "/api/v1/auth/token",
                                {"username": username, "password": PASSWORD})
            c.close()
            return username, data.get("token") if code == 200 else None

        results, seconds["tokens"] = run_parallel(users, login)
        tokens = dict(results)
        if not all(tokens.values()):
            raise RuntimeError(f"no token for {[u for u, t in tokens.items() if not t]}: {recorder.failures}")

        # Phase 1: every enterprise client submits its share at once.
        per_client = [args.submissions // args.clients + (i < args.submissions % args.clients)
                      for i in range(args.clients)]
        expected = {f"负载测试-{i:02d}-{k:02d}" for i in range(args.clients) for k in range(per_client[i])}

        def submit(i: int) -> list[tuple[str, str]]:
            c = Client(port, recorder, tokens[enterprise_users[i]])
            clients.append(c)
            out = []
            for k in range(per_client[i]):
                title = f"负载测试-{i:02d}-{k:02d}"
                code, data = c.call("submit", "submit", "POST", "/api/v1/appeals",
                                    {"category": "finance", "title": title,
                                     "body": f"企业 {i} 的第 {k} 条融资诉求：流动资金贷款需求，负载测试。"})
                if code == 201:
                    out.append((title, data.get("number")))
            return out

        results, seconds["submit"] = run_parallel(list(range(args.clients)), submit)
        acknowledged = dict(pair for chunk in results for pair in chunk)

        # Phase 2: mixed reads and writes by office, department and enterprise clients.
        roles = (["office"] * args.office_clients + ["department"] * args.department_clients
                 + ["enterprise"] * enterprise_clients)
        steps = [args.actions // args.clients + (i < args.actions % args.clients) for i in range(args.clients)]

        def actor_for(i: int) -> Actor:
            role = roles[i]
            k = roles[:i].count(role)
            user = {"office": f"office{k % 3}", "department": f"dept{k % 5}"}.get(role) or enterprise_users[k]
            client = Client(port, recorder, tokens[user])
            clients.append(client)
            return Actor(role, client, random.Random(args.seed * 1000 + i), department)

        actors = [actor_for(i) for i in range(args.clients)]

        def run_actor(i: int) -> None:
            for step in range(steps[i]):
                actors[i].step(step)

        _, seconds["actions"] = run_parallel(list(range(args.clients)), run_actor)
        for c in clients:
            c.close()
    except BaseException:
        print(f"--- tail of {log_path} ---\n{tail(log_path)}", file=sys.stderr)
        raise
    finally:
        stop_server(server)

    t1 = time.perf_counter()
    db = shell(env, CHECK)
    seconds["check"] = round(time.perf_counter() - t1, 1)
    writes_ok = sum(recorder.kinds[k].get("200", 0) for k in WRITES - {"submit"})
    checks = check(db, acknowledged, expected, writes_ok)
    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    submissions = sum(recorder.status["submit"].values())
    actions = sum(recorder.status["actions"].values())
    errors_5xx = recorder.failure_count
    ok = (checks["appeals"] == args.submissions and checks["lost"] == 0 and checks["duplicated"] == 0
          and checks["missing"] == 0 and checks["unexpected"] == 0 and checks["numbers_unique"]
          and checks["numbers_match_answers"] == len(acknowledged) == args.submissions
          and checks["inconsistent_events"] == 0 and checks["orphan_events"] == 0
          and checks["events_beyond_submit"] == writes_ok and errors_5xx == 0)
    report({
        "bench": "appeals_load", "server": f"gunicorn --workers {args.workers} --threads 4 + huey, SQLite WAL",
        "submissions": submissions, "actions": actions, "clients": args.clients,
        "client_mix": {"office": args.office_clients, "department": args.department_clients,
                       "enterprise": enterprise_clients},
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "throughput_rps": {"submit": round(submissions / seconds["submit"], 1),
                           "actions": round(actions / seconds["actions"], 1)},
        "latency": {"submit": latency(recorder.ms["submit"]), "actions": latency(recorder.ms["actions"]),
                    "action_reads": latency(recorder.ms["actions_reads"]),
                    "action_writes": latency(recorder.ms["actions_writes"]),
                    "tokens": latency(recorder.ms["tokens"])},
        "status": {phase: dict(sorted(c.items())) for phase, c in recorder.status.items()},
        "by_kind": {kind: dict(sorted(c.items())) for kind, c in sorted(recorder.kinds.items())},
        "reconnects": recorder.reconnects,
        "lost": checks["lost"], "duplicated": checks["duplicated"], "errors_5xx": errors_5xx,
        "checks": checks, "failure_samples": recorder.failures,
        "server_log": str(log_path), "server_log_tracebacks": log_text.count("Traceback"),
        "database_is_locked_in_log": log_text.count("database is locked"),
        "ok": ok,
    })
    if not ok:
        print(f"--- tail of {log_path} ---\n{tail(log_path)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
