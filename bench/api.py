#!/usr/bin/env python
"""API benchmark (`make bench`): 100-item pages of cases and models served by gunicorn.

At BENCH_CASES (default 100 000) demo cases, it measures requests/s and p50/p95 latency of
`/api/v1/cases/?page_size=100` and `/api/v1/models/?page_size=100` beside a naive baseline
endpoint in the same run (bench/api_urls.py: a plain ModelSerializer with depth=1 and no
select_related), plus the cases page with a partner key, and streams the NDJSON export of every
published case while watching the worker's memory. Writes bench/results/api.json.

Environment: BENCH_DATABASE_URL (default: a SQLite file under bench/.data/), BENCH_CASES,
BENCH_REQUESTS (per endpoint, default 300), BENCH_WORKERS (gunicorn workers, default: CPUs),
BENCH_API_PORT (default 8201).
"""

import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results" / "api.json"
CASES = int(os.environ.get("BENCH_CASES", "100000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DATA / f'api-{CASES}.sqlite3'}")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
CONCURRENCY = WORKERS  # one request in flight per worker: latency without queueing
PORT = int(os.environ.get("BENCH_API_PORT", "8201"))
PAGES = 10  # requests cycle through pages 1..PAGES of 100 items
PYTHON = sys.executable
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.api_settings",
    "DATABASE_URL": DATABASE_URL,
    "PYTHONPATH": str(ROOT),
}


def manage(*args: str) -> str:
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def django(snippet: str) -> dict:
    """Run a snippet inside Django (bench settings); it prints one JSON object."""
    return json.loads(manage("shell", "-c", snippet).strip().splitlines()[-1])


def prepare() -> dict:
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput")
    have = django(
        "import json; from cases.models import CaseStudy; "
        "print(json.dumps({'n': CaseStudy.objects.count()}))"
    )["n"]
    if have < CASES:
        print(f"generating {CASES} demo cases (once; kept in {DATABASE_URL}) …", flush=True)
        started = time.perf_counter()
        manage("generate_demo", "--cases", str(CASES), "--seed", "1", "--clear", "--no-index")
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return django(
        "import json\n"
        "from cases.models import CaseStudy\n"
        "from directory.models import AIModel\n"
        "from partners.services import api_key_create\n"
        "key, raw = api_key_create(name='bench', owner='bench', "
        "rate_limit_per_minute=10**8, daily_quota=10**9)\n"
        "print(json.dumps({'cases': CaseStudy.objects.count(), "
        "'published_cases': CaseStudy.objects.published().count(), "
        "'models': AIModel.objects.count(), "
        "'published_models': AIModel.objects.published().count(), 'key': raw}))"
    )


IN_PROCESS = """
import json, statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, out = Client(), {}
for name, url in %r.items():
    sep = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    cpu = []
    for page in range(1, 6):
        started = time.process_time()
        assert client.get(f"{url}{sep}page={page}").status_code == 200
        cpu.append(time.process_time() - started)
    median_ms = round(1000 * statistics.median(cpu), 1)
    out[name] = {"queries": len(ctx.captured_queries), "cpu_ms": median_ms}
print(json.dumps(out))
"""


def in_process(endpoints: dict) -> dict:
    """Queries per request, and CPU time per request (median of pages 1-5) in one process,
    with the database in the same process: a figure the machine's other load barely moves."""
    return django(IN_PROCESS % {name: url for name, (url, _h) in endpoints.items()})


def wait_for_port(proc) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited; see bench/.data/gunicorn-api.log")
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("HEAD", "/api/v1/")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def fetch(path: str, headers: dict) -> tuple[float, int, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return time.perf_counter() - started, response.status, len(body)


def load(url: str, headers: dict) -> dict:
    sep = "&" if "?" in url else "?"
    paths = [f"{url}{sep}page={1 + i % PAGES}" for i in range(REQUESTS)]
    for path in paths[:PAGES]:  # warm-up: every page once
        fetch(path, headers)
    latencies, statuses, lock, cursor = [], {}, threading.Lock(), iter(paths)

    def worker():
        while True:
            with lock:
                path = next(cursor, None)
            if path is None:
                return
            seconds, status, _size = fetch(path, headers)
            with lock:
                latencies.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "statuses": statuses,
        "requests_per_second": round(len(latencies) / wall, 2),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


def worker_rss_kib(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    total = 0
    for pid in children.read_text().split():
        status = Path(f"/proc/{pid}/status").read_text()
        total = max(
            total,
            int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]),
        )
    return total


def export(master_pid: int, key: str) -> dict:
    """Stream the NDJSON export of every published case; sample the largest worker's RSS."""
    before = worker_rss_kib(master_pid)
    peak, lines, size = before, 0, 0
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    conn.request("GET", "/api/v1/export/cases.ndjson", headers={"X-API-Key": key})
    response = conn.getresponse()
    while chunk := response.read(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
        peak = max(peak, worker_rss_kib(master_pid))
    conn.close()
    return {
        "status": response.status,
        "rows": lines,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "worker_rss_before_mb": round(before / 1024, 1),
        "worker_rss_peak_mb": round(peak / 1024, 1),
    }


def main() -> None:
    sizes = prepare()
    key = sizes.pop("key")
    endpoints = {
        "cases": ("/api/v1/cases/?page_size=100", {}),
        "cases_naive_baseline": ("/bench/naive/cases/", {}),
        "models": ("/api/v1/models/?page_size=100", {}),
        "models_naive_baseline": ("/bench/naive/models/", {}),
        "cases_with_partner_key": ("/api/v1/cases/?page_size=100", {"X-API-Key": key}),
    }
    counts = in_process({k: v for k, v in endpoints.items() if not v[1]})
    log = open(DATA / "gunicorn-api.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "600",
        ],
        cwd=ROOT, env=ENV, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        wait_for_port(server)
        results = {}
        for name, (url, headers) in endpoints.items():
            results[name] = {"url": url, **load(url, headers)}
            if name in counts:
                results[name]["queries_per_request"] = counts[name]["queries"]
                results[name]["cpu_ms_per_request_in_process"] = counts[name]["cpu_ms"]
            print(f"{name:24} {results[name]}", flush=True)
        exported = export(server.pid, key)
        print(f"{'export cases.ndjson':24} {exported}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    def ratio(name):
        return round(
            results[name]["requests_per_second"]
            / results[f"{name}_naive_baseline"]["requests_per_second"],
            1,
        )

    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench  (bench/api.py)",
        "database": DATABASE_URL.split(":", 1)[0],
        "data": sizes,
        "server": f"gunicorn, {WORKERS} sync workers, DEBUG off (bench/api_settings.py)",
        "client": f"{CONCURRENCY} concurrent connections, {REQUESTS} requests per endpoint, "
        f"pages 1-{PAGES} of 100 items in turn, after a warm-up",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        "endpoints": results,
        "throughput_vs_baseline": {"cases": ratio("cases"), "models": ratio("models")},
        "export": exported,
        "targets": {
            "throughput_vs_baseline_at_least": 3,
            "p95_ms_at_most": 50,
            "met": all(ratio(n) >= 3 and results[n]["p95_ms"] <= 50 for n in ("cases", "models")),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
