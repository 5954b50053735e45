"""Search index rebuild benchmark: CPU time (app + database) and index size against raw text.

    DATABASE_URL=sqlite:////tmp/atlas-100k.sqlite3 .venv/bin/python bench/search_index_bench.py
    DATABASE_URL=postgres://…/atlas_100k .venv/bin/python bench/search_index_bench.py

Runs `search.indexer.rebuild()` once on a database already filled by
`manage.py generate_demo --cases N --seed 1 --no-index` (and migrated), then records the CPU
time of this process (user + system) plus, on PostgreSQL, that of the server backend (read
from /proc, so the server must run on this machine), the wall time, the index size
(`size_bytes()`: every index table, SQLite's stored source text and word list included;
PostgreSQL's table, TOAST and indexes) and the UTF-8 size of the text the index is built
from. The run is merged into bench/results/search_index.json under `--label`.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search_index.json"


def _backend_cpu(connection) -> float:
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default=None)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="Keep the index; time search_bench's query mix (count + first 20) on it.",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "False"
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.db import connection
    from search_bench import _raw_text_bytes

    from cases.models import CaseStudy
    from search import indexer
    from search.backends import backend_for

    connection.ensure_connection()
    if args.queries_only:
        _time_queries(connection, args.label or f"{connection.vendor}-{CaseStudy.objects.count()}")
        return
    before = resource.getrusage(resource.RUSAGE_SELF)
    db_before, wall_before = _backend_cpu(connection), time.perf_counter()
    stats = indexer.rebuild()
    wall = time.perf_counter() - wall_before
    after = resource.getrusage(resource.RUSAGE_SELF)
    db_cpu = _backend_cpu(connection) - db_before
    app_user, app_sys = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    with connection.cursor() as cursor:
        index_bytes = backend_for(connection).size_bytes(cursor)
    raw_bytes = _raw_text_bytes()
    cases = CaseStudy.objects.count()
    run = {
        "cases": cases,
        "indexed": {k: v for k, v in stats.items() if k != "seconds"},
        "cpu_seconds": round(app_user + app_sys + db_cpu, 1),
        "app_user_seconds": round(app_user, 1),
        "app_system_seconds": round(app_sys, 1),
        "database_backend_cpu_seconds": round(db_cpu, 1),
        "wall_seconds": round(wall, 1),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "index_bytes": index_bytes,
        "raw_text_bytes": raw_bytes,
        "index_to_raw_ratio": round(index_bytes / max(raw_bytes, 1), 2),
    }
    label = args.label or f"{connection.vendor}-{cases}"
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report["command"] = (
        "DATABASE_URL=<migrated db filled by generate_demo --cases N --seed 1 --no-index> "
        ".venv/bin/python bench/search_index_bench.py --label <backend>-<N>"
    )
    report["what"] = " ".join(__doc__.split("\n\n")[2].split())
    report.setdefault("runs", {})[label] = run
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps({label: run}, indent=2))


def _time_queries(connection, label: str) -> None:
    """CPU (app + database backend) and wall ms of each query class, 7 runs per query."""
    import statistics

    from search_bench import QUERIES, _atlas_page, _percentile

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    classes = {}
    for name, queries in QUERIES.items():
        cpu, wall = [], []
        for query in queries:
            _atlas_page(query)  # warm-up
            for _ in range(7):
                cpu0, db0 = time.process_time(), _backend_cpu(connection)
                wall0 = time.perf_counter()
                _atlas_page(query)
                wall.append((time.perf_counter() - wall0) * 1000)
                cpu.append((time.process_time() - cpu0 + _backend_cpu(connection) - db0) * 1000)
        classes[name] = {
            "cpu_p50_ms": round(statistics.median(cpu), 2),
            "cpu_p95_ms": round(_percentile(cpu, 95), 2),
            "wall_p50_ms": round(statistics.median(wall), 2),
            "wall_p95_ms": round(_percentile(wall, 95), 2),
        }
        print(name, classes[name], flush=True)
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    run = report.setdefault("runs", {}).setdefault(label, {})
    run["queries"] = {
        "command": ".venv/bin/python bench/search_index_bench.py --queries-only --label " + label,
        "what": "count() + first 20 of CaseStudy.objects.published().search(q), "
        "search_bench.QUERIES, 7 runs per query after a warm-up; CPU is app + backend "
        "(PostgreSQL's from /proc at 10 ms resolution)",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "classes": classes,
    }
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
