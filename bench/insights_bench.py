"""Insights benchmark: every chart's aggregates, cold and cached, on SQLite and PostgreSQL.

    .venv/bin/python bench/insights_bench.py                     # what `make bench` runs
    .venv/bin/python bench/insights_bench.py --sizes 2000 --backends sqlite

For each backend and size it builds a fresh database (migrate, `load_seed`, `generate_demo
--cases N --seed 1 --no-index`), then times `insights.charts.all_charts()` with an empty cache
(every aggregate computed: the queries a first visitor after an edit pays for) and with a warm
one, counting queries, and times a full render of /insights/ both ways. Results go to
bench/results/insights.json.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "insights.json"
POSTGRES_URL = os.environ.get(
    "BENCH_INSIGHTS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/atlas_bench_insights"
)


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "max_ms": round(ordered[-1], 2),
        "runs": len(ordered),
    }


def _timed(fn, *, repeat: int, clear: bool) -> tuple[dict, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, queries = [], 0
    fn()  # connection and imports warm
    for _ in range(repeat):
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    return _summary(samples), queries


def run_benchmark(*, cases: int, repeat: int) -> dict:
    from django.test import Client

    from cases.models import CaseStudy
    from directory.models import AIModel, Vendor
    from insights.charts import all_charts

    client = Client(HTTP_HOST="127.0.0.1")

    def page():
        assert client.get("/insights/").status_code == 200

    result = {
        "rows": {
            "vendors": Vendor.objects.count(),
            "models": AIModel.objects.count(),
            "cases": CaseStudy.objects.count(),
        },
        "charts": len(all_charts()),
    }
    for name, fn in (("aggregates", all_charts), ("page", page)):
        for state, clear in (("cold", True), ("warm", False)):
            timing, queries = _timed(fn, repeat=repeat, clear=clear)
            result[f"{name}_{state}"] = {**timing, "queries": queries}
    return result


def _fresh_database(backend: str, cases: int) -> str:
    if backend == "sqlite":
        path = ROOT / "var" / "bench" / f"insights-{cases}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, _, name = POSTGRES_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_URL


def _measure_in_subprocess(backend: str, cases: int, repeat: int) -> dict:
    """One backend and size in a fresh process (Django settings are per process)."""
    url = _fresh_database(backend, cases)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.update(
        {"DEBUG": "False", "CACHE_URL": "locmemcache://insights-bench", "PYTHONWARNINGS": "ignore"}
    )
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_seed"],
        ["generate_demo", "--cases", str(cases), "--seed", "1", "--no-index"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    out = ROOT / "var" / "bench" / f"insights-{backend}-{cases}.json"
    subprocess.run(
        [sys.executable, __file__, "--measure", str(cases), "--repeat", str(repeat), "--out", out],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # child process: Django on the database in DATABASE_URL
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        result = run_benchmark(cases=args.measure, repeat=args.repeat)
        args.out.write_text(json.dumps(result, indent=2))
        return

    report = {
        "command": "make bench  (.venv/bin/python bench/insights_bench.py)",
        "what": "wall-clock ms of insights.charts.all_charts() and of GET /insights/, with the "
        "cache cleared before each run (cold) and cached (warm), and the queries each run made",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "runs": {},
    }
    for backend in args.backends.split(","):
        for cases in [int(s) for s in args.sizes.split(",")]:
            print(f"insights: {backend}, {cases} cases", flush=True)
            report["runs"][f"{backend}-{cases}"] = _measure_in_subprocess(
                backend, cases, args.repeat
            )
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["runs"], indent=2))
    print(f"written to {args.results}")


if __name__ == "__main__":
    main()
