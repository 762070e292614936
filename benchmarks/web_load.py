"""Benchmark: 20 concurrent signed-in clients against the web app on a 100,000-record vault.

    .venv/bin/python benchmarks/web_load.py [--records 100000] [--clients 20] [--seconds 20]
        [--vault DIR] [--profile] [--driver wrk|python] [--think-ms N] [--worker-threads N]
        [--default-gc]

1. Builds (or reuses, with ``--vault``) a vault of synthetic records with the bulk insert the
   importer uses (``uncounted.vault.records.insert_records``), spread over 40 cases, 8 sources,
   19 event types, 36 months and the Chechen districts; the caseworker "bench" is granted half
   of the cases, so a person's page opens a sealed identity half of the time. The vault is
   created with the INSECURE fast KDF cost (``kdf.INSECURE_FAST_FOR_TESTS``) so that 20 sign-ins
   take no minutes: sign-in cost is not what is measured here.
2. Serves it with uvicorn on 127.0.0.1 (one process, as ``uncounted serve`` does), in a child
   process.
3. From this process (the client side, a separate process from the server), 20 asyncio clients
   with httpx each sign in through ``POST /api/session`` (20 sessions, 20 unlocked vault
   connections) and then request, as fast as answers come, one scenario at a time for
   ``--seconds``: the dashboard ``/``, a filtered list ``/records?event_type=...&district=...``
   and a person's page ``/people/{id}`` (ids drawn at random from the vault). Reported per
   scenario: requests/s, p50 / p99 / max latency, errors.

``--as analyst`` runs the clients as an analyst granted no case (nothing opened,
nothing audited); ``--only TEXT`` runs only the scenarios whose name contains TEXT.
``--profile`` instead calls the service behind each scenario 30 times on one connection under
cProfile and prints uncounted's functions by cumulative time (what dominates a request).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

from uncounted.model import load, places
from uncounted.services import grants, users, vaults
from uncounted.vault import kdf, records

ADMIN, ADMIN_PASS = "admin", "benchmark admin passphrase"
USER, USER_PASS = "bench", "benchmark caseworker passphrase"
#: --as analyst: an analyst granted no case, who reads no identity (so nothing is audited)
READER, READER_PASS = "reader", "reader passphrase 123"
CASES = 40
SOURCES = 8


def build_vault(path: Path, count: int, seed: int = 2017) -> None:
    """A vault of *count* synthetic records (fast KDF), the caseworker granted half the cases."""
    rng = random.Random(seed)
    event_types = list(load("event_types"))
    districts = [code for code in places() if code.startswith("ru-ce-")]
    months = [f"{year}-{month:02d}" for year in (2017, 2018, 2019) for month in range(1, 13)]
    drafts = (
        records.RecordDraft(
            case=f"case-{i % CASES:02d}",
            source=f"source-{i % SOURCES}",
            source_record_id=f"r{i}",
            event_type=rng.choice(event_types),
            event_month=rng.choice(months),
            district=rng.choice(districts),
            analytic={"sex": rng.choice(("male", "female")), "role": "victim"},
            identity={
                "name": f"Testname{i} Syntheticov",
                "name_original": f"Тестимя{i} Синтетиков",
                "birth_date": f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}",
                "testimony": f"Synthetic statement number {i} about an event.",
            },
        )
        for i in range(count)
    )
    kdf.DEFAULT = kdf.INSECURE_FAST_FOR_TESTS  # this benchmark's vaults only: see the docstring
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, USER, "caseworker", USER_PASS, admin_set=False)
        users.add_user(admin, READER, "analyst", READER_PASS, admin_set=False)
        records.insert_records(admin, drafts, action="records.import", target="benchmark")
        for case in range(0, CASES, 2):
            grants.grant(admin, f"case-{case:02d}", USER)


def sample_ids(path: Path, n: int = 2000) -> list[str]:
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        rows = admin.conn.execute(
            "SELECT id FROM records ORDER BY random() LIMIT ?", (n,)
        ).fetchall()
    return [str(row[0]) for row in rows]


def serve(
    path: Path, port: int, worker_threads: int | None = None, default_gc: bool = False
) -> None:
    from uncounted.web import WebSettings, server

    if default_gc:  # --default-gc: compare with Python's collector settings
        server.settle_collector = lambda: None

    # twenty clients signed in as one user: each sign-in must not end the others
    settings = WebSettings(vault=path, idle_timeout=3600, one_session_per_user=False)
    if worker_threads is not None:  # --worker-threads: compare with the default
        settings = replace(settings, worker_threads=worker_threads)
    server.serve(settings, "127.0.0.1", port)  # exactly as ``uncounted serve``


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scenarios(ids: list[str]) -> dict[str, object]:
    """name -> a function (rng) -> URL path."""
    return {
        "dashboard /": lambda rng: "/",
        "filtered list /records?event_type&district": lambda rng: (
            "/records?"
            + f"event_type={rng.choice(['detention', 'torture', 'killing'])}"
            + f"&district={rng.choice(['ru-ce-grozny', 'ru-ce-argun', 'ru-ce-gudermes'])}"
        ),
        "person's page /people/{id}": lambda rng: f"/people/{rng.choice(ids)}",
    }


async def sign_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    response = await client.post("/api/session", json={"user": USER, "passphrase": USER_PASS})
    response.raise_for_status()
    return client


async def load_scenario(
    clients: list[httpx.AsyncClient], url_of: object, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient, seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < stop:
            url = url_of(rng)  # type: ignore[operator]
            started = time.perf_counter()
            try:
                response = await client.get(url)
                failed = response.status_code != 200
            except httpx.TransportError:  # the server dropped the connection: count it
                failed = True
            latencies.append(time.perf_counter() - started)
            errors += failed

    started = time.perf_counter()
    await asyncio.gather(*(worker(client, seed) for seed, client in enumerate(clients)))
    return latencies, errors, time.perf_counter() - started


_WRK_SCRIPT = """
-- generated by benchmarks/web_load.py: thread i is client i, with its own session cookie
cookies = {%(cookies)s}
paths = {%(paths)s}
think = %(think)d
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("client", counter)
end
function init(args)
  cookie = "uncounted_session=" .. cookies[client]
  position = client * 97
end
function delay()
  if think == 0 then return 0 end
  return math.random(0, 2 * think)
end
function request()
  position = (position %% #paths) + 1
  return wrk.format("GET", paths[position], {["Cookie"] = cookie})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process *pid* has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(
    base: str,
    ids: list[str],
    n_clients: int,
    seconds: float,
    only: str = "",
    server_pid: int | None = None,
    think_ms: int = 0,
) -> list[dict[str, object]]:
    """The same scenarios driven by wrk (C): one thread and one connection per signed-in client.

    The Python client costs about as much CPU per request as the server on this 2-core machine;
    wrk leaves both cores to the server, as real browsers on other machines would.
    """
    cookies = []
    for _ in range(n_clients):
        with httpx.Client(base_url=base, timeout=60) as client:
            answer = client.post("/api/session", json={"user": USER, "passphrase": USER_PASS})
            answer.raise_for_status()
            cookies.append(client.cookies["uncounted_session"])
    rng = random.Random(7)
    results = []
    for name, url_of in scenarios(ids).items():
        if only not in name:
            continue
        paths = [url_of(rng) for _ in range(5000)]  # type: ignore[operator]
        script = _WRK_SCRIPT % {
            "cookies": ", ".join(f'"{c}"' for c in cookies),
            "paths": ", ".join(f'"{p}"' for p in paths),
            "think": think_ms,
        }
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(script)
        measured = None
        cpu_before = 0.0
        for duration in (2, seconds):  # warm-up, then the measured run
            if server_pid is not None:
                cpu_before = cpu_seconds(server_pid)
            command = ["wrk", f"-t{n_clients}", f"-c{n_clients}", f"-d{int(duration)}s"]
            command += ["--timeout", "30s", "-s", handle.name, base]
            run = subprocess.run(command, capture_output=True, text=True, check=True)
            output = run.stdout
            if "WRK " not in output:
                raise SystemExit(f"wrk printed no result: {run.stderr or output}")
            measured = next(line for line in output.splitlines() if line.startswith("WRK "))
        server_cpu = cpu_seconds(server_pid) - cpu_before if server_pid is not None else None
        os.unlink(handle.name)
        requests, duration_us, errors, p50, p99, top = map(int, measured.split()[1:])
        results.append(
            {
                "scenario": name,
                "requests": requests,
                "errors": errors,
                "rps": requests / (duration_us / 1e6),
                "p50_ms": p50 / 1000,
                "p99_ms": p99 / 1000,
                "max_ms": top / 1000,
                "server_cpu_ms_per_request": None
                if server_cpu is None
                else 1000 * server_cpu / max(requests, 1),
                "server_cores_busy": None
                if server_cpu is None
                else server_cpu / (duration_us / 1e6),
                "think_ms": think_ms,
            }
        )
    return results


def machine_speed_ms() -> float:
    """Milliseconds this machine takes for a fixed piece of pure Python (best of five).

    The benchmark VM's speed drifts by half over an hour (other tenants): the same code took
    7.9 and 11.8 ms of server CPU per list page twenty minutes apart. Printing this beside the
    figures lets runs be compared with the machine's speed at the time.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_load(
    base: str, ids: list[str], n_clients: int, seconds: float, only: str = ""
) -> list[dict[str, object]]:
    clients = [await sign_in(base) for _ in range(n_clients)]
    results = []
    try:
        for name, url_of in scenarios(ids).items():
            if only not in name:
                continue
            await load_scenario(clients, url_of, 2)  # warm-up (page caches, SQLite cache)
            latencies, errors, elapsed = await load_scenario(clients, url_of, seconds)
            results.append(
                {
                    "scenario": name,
                    "requests": len(latencies),
                    "errors": errors,
                    "rps": len(latencies) / elapsed,
                    "p50_ms": 1000 * statistics.median(latencies),
                    "p99_ms": 1000 * percentile(latencies, 0.99),
                    "max_ms": 1000 * max(latencies),
                }
            )
    finally:
        for client in clients:
            await client.aclose()
    return results


def profile(path: Path, ids: list[str]) -> None:
    """cProfile of the service calls behind each scenario, on one connection."""
    from uncounted.services import analytics, people

    rng = random.Random(1)
    with vaults.unlock(path, USER, USER_PASS) as vault:
        calls = {
            "dashboard counts": lambda: analytics.dashboard_counts(vault),
            "filtered list": lambda: records.list_records(
                vault,
                records.RecordFilter(event_type="killing", district="ru-ce-grozny"),
                51,
                0,
                reveal=True,  # both roles benchmarked may read identities (where granted)
            ),
            "person's page": lambda: people.show_person(vault, rng.choice(ids)),
        }
        for name, call in calls.items():
            call()
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(30):
                call()
            profiler.disable()
            each = (time.perf_counter() - started) / 30
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("uncounted", 20)
            print(f"\n=== {name}: {1000 * each:.1f} ms per call (profiled)")
            print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--vault", type=Path, help="reuse (or create) the vault here")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--as", dest="role", choices=("caseworker", "analyst"), default="caseworker"
    )
    parser.add_argument("--only", default="", help="run only scenarios whose name contains this")
    parser.add_argument(
        "--driver",
        choices=("wrk", "python"),
        default="wrk",
        help="load generator: wrk (Debian package 'wrk'; default) or the asyncio/httpx client",
    )
    parser.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="wrk only: each client pauses a random 0..2x this many ms between requests"
        " (0, the default: back to back, the harshest case)",
    )
    parser.add_argument(
        "--worker-threads",
        type=int,
        help="threads for the server's page handlers (default: WebSettings.worker_threads)",
    )
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="serve with Python's default collector settings (see uncounted.web.server)",
    )
    parser.add_argument("--serve", nargs=2, metavar=("VAULT", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]), args.worker_threads, args.default_gc)
        return
    scratch = tempfile.TemporaryDirectory(prefix="web-load-")
    path = args.vault or Path(scratch.name) / "vault"
    if not path.exists():
        started = time.perf_counter()
        build_vault(path, args.records)
        print(
            f"built {args.records} records in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    global USER, USER_PASS
    if args.role == "analyst":
        USER, USER_PASS = READER, READER_PASS
    ids = sample_ids(path)
    if args.profile:
        profile(path, ids)
        return
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(path), str(port)]
        + ([] if args.worker_threads is None else ["--worker-threads", str(args.worker_threads)])
        + (["--default-gc"] if args.default_gc else []),
        env=os.environ.copy(),
    )
    speed_before = machine_speed_ms()
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/signin", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        if args.driver == "wrk":
            results = run_wrk(
                base, ids, args.clients, args.seconds, args.only, server.pid, args.think_ms
            )
        else:
            results = asyncio.run(run_load(base, ids, args.clients, args.seconds, args.only))
    finally:
        server.terminate()
        server.wait(timeout=30)
    speed = (speed_before + machine_speed_ms()) / 2
    print(
        f"machine speed: {speed:.1f} ms for the reference loop (before and after; lower is faster)"
    )
    print(
        "| scenario | requests/s | p50 ms | p99 ms | max ms | requests | errors"
        " | server CPU ms/request | server cores busy |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        cpu = r.get("server_cpu_ms_per_request")
        busy = r.get("server_cores_busy")
        print(
            f"| {r['scenario']} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f}"
            f" | {r['max_ms']:.0f} | {r['requests']} | {r['errors']}"
            f" | {'' if cpu is None else f'{cpu:.1f}'} | {'' if busy is None else f'{busy:.2f}'} |"
        )
    summary = {"records": args.records, "clients": args.clients, "machine_speed_ms": speed}
    print(json.dumps(summary | {"results": results}))


if __name__ == "__main__":
    main()
