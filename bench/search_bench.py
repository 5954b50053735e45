"""Search benchmark: Atlas's index against an `icontains` scan, on SQLite and PostgreSQL.

    .venv/bin/python bench/search_bench.py                    # what `make bench` runs
    .venv/bin/python bench/search_bench.py --sizes 2000 --backends sqlite

For each backend and size it builds a fresh database (migrate, `generate_demo --cases N
--seed 1`), times a full index rebuild, then times what a search page needs — the total count
and the first 20 results, ranked — for a fixed mix of queries, with Atlas's search and with
an `icontains` scan over the same case-study fields (ranked title > summary > body too), in
the same run on the same data. Results go to bench/results/search.json.
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
RESULTS = ROOT / "bench" / "results" / "search.json"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/atlas_bench"
)

QUERIES = {
    "1-char": ["金", "医", "云"],
    "2-char": ["金融", "政务", "客服", "医疗"],
    "4-char": ["医疗影像", "智能客服", "知识库问"],
    "common": ["大模型", "AI", "平台"],
    "latin-prefix": ["yun", "tian", "ling"],
    "mixed": ["AI智能体", "AI平台建设", "GPT-4o大模型"],
    "no-hits": ["量子纠缠", "zzyzx"],
}
CASE_FIELDS = {
    "title": ["title_zh", "title_en"],
    "summary": ["summary_zh", "summary_en", "client_name"],
    "body": [
        "challenge_zh",
        "solution_zh",
        "outcome_zh",
        "challenge_en",
        "solution_en",
        "outcome_en",
    ],
}


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(_percentile(samples, 95), 2),
        "n": len(samples),
    }


def _atlas_page(query: str):
    from cases.models import CaseStudy

    results = CaseStudy.objects.published().search(query)
    return results.count(), list(results[:20])


def _baseline_page(query: str):
    from django.db.models import Case, IntegerField, Q, Value, When

    from cases.models import CaseStudy

    def any_of(fields):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": query})
        return condition

    everywhere = any_of(CASE_FIELDS["title"] + CASE_FIELDS["summary"] + CASE_FIELDS["body"])
    results = CaseStudy.objects.published().filter(everywhere)
    rank = Case(
        When(any_of(CASE_FIELDS["title"]), then=Value(3)),
        When(any_of(CASE_FIELDS["summary"]), then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ranked = results.annotate(rank=rank).order_by("-rank", "-featured", "-published_at")
    return results.count(), list(ranked[:20])


def _time(fn, query: str, repeat: int) -> tuple[list[float], list[float], int]:
    fn(query)  # warm-up
    wall, cpu, total = [], [], 0
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        total, _page = fn(query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu, total


def _raw_text_bytes() -> int:
    """UTF-8 size of the text the index is built from (every registered model's fields)."""
    from search import registry

    total = 0
    for reg in registry.registrations():
        qs = reg.queryset().prefetch_related(None).order_by("pk")
        related = reg.related_specs()
        for start in range(0, qs.count(), 2000):
            objs = list(qs[start : start + 2000])
            pks = [obj.pk for obj in objs]
            preloaded = {spec: spec.bulk(reg.model, pks, qs.db) for spec in related}
            for obj in objs:
                for specs in (reg.title, reg.summary, reg.body):
                    total += sum(len(t.encode()) for t in reg.texts(obj, specs, preloaded))
    return total


def run_benchmark(
    *, cases: int, repeat: int = 7, baseline_repeat: int = 3, reuse: bool = False, log=print
) -> dict:
    """Fill the current database with demo data, rebuild the index, time the query mix.

    With `reuse`, the data and index already there are kept: only the queries are timed.
    """
    from django.core.management import call_command
    from django.db import connection

    from search import indexer
    from search.backends import backend_for

    generate_seconds, stats = None, {"seconds": None}
    if not reuse:
        started = time.perf_counter()
        call_command("generate_demo", cases=cases, seed=1, no_index=True, clear=True, verbosity=0)
        generate_seconds = time.perf_counter() - started
        log(f"  generated {cases} cases in {generate_seconds:.1f} s")
        stats = indexer.rebuild()
        log(f"  index rebuilt in {stats['seconds']:.1f} s")
    with connection.cursor() as cursor:
        # Fresh statistics (and, on PostgreSQL, a visibility map) as a live database has.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        index_bytes = backend_for(connection).size_bytes(cursor)
    raw_bytes = _raw_text_bytes()

    per_class = {}
    all_atlas, all_atlas_cpu, all_baseline = [], [], []
    for label, queries in QUERIES.items():
        atlas_wall, atlas_cpu, baseline_wall, hits = [], [], [], {}
        for query in queries:
            wall, cpu, total = _time(_atlas_page, query, repeat)
            base_wall, _, base_total = _time(_baseline_page, query, baseline_repeat)
            atlas_wall += wall
            atlas_cpu += cpu
            baseline_wall += base_wall
            hits[query] = {"atlas": total, "icontains": base_total}
        atlas, baseline = _summary(atlas_wall), _summary(baseline_wall)
        per_class[label] = {
            "queries": hits,
            "atlas": {
                **atlas,
                "cpu_p50_ms": round(statistics.median(atlas_cpu), 2),
                "cpu_p95_ms": round(_percentile(atlas_cpu, 95), 2),
            },
            "icontains": baseline,
            "p95_ratio": round(baseline["p95_ms"] / max(atlas["p95_ms"], 0.001), 1),
        }
        all_atlas += atlas_wall
        all_atlas_cpu += atlas_cpu
        all_baseline += baseline_wall
        log(
            f"  {label:13} atlas p50 {atlas['p50_ms']:7.2f} p95 {atlas['p95_ms']:7.2f} ms "
            f"(cpu p95 {_percentile(atlas_cpu, 95):6.2f}) | "
            f"icontains p50 {baseline['p50_ms']:8.1f} p95 {baseline['p95_ms']:8.1f} ms"
        )
    atlas, baseline = _summary(all_atlas), _summary(all_baseline)
    return {
        "cases": cases,
        "generate_demo_seconds": generate_seconds and round(generate_seconds, 1),
        "rebuild_seconds": stats["seconds"],
        "indexed": {k: v for k, v in stats.items() if k != "seconds"},
        "index_bytes": index_bytes,
        "raw_text_bytes": raw_bytes,
        "index_to_raw_ratio": round(index_bytes / max(raw_bytes, 1), 2),
        "classes": per_class,
        "overall": {
            "atlas": {**atlas, "cpu_p95_ms": round(_percentile(all_atlas_cpu, 95), 2)},
            "icontains": baseline,
        },
        "p95_ratio": round(baseline["p95_ms"] / max(atlas["p95_ms"], 0.001), 1),
    }


def _fresh_database(backend: str, cases: int) -> str:
    if backend == "sqlite":
        path = ROOT / "var" / "bench" / f"search-{cases}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return _sqlite_url(cases)
    import psycopg

    base, _, name = POSTGRES_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_URL


def _sqlite_url(cases: int) -> str:
    return f"sqlite:///{ROOT / 'var' / 'bench' / f'search-{cases}.sqlite3'}"


def _measure_in_subprocess(backend: str, cases: int, repeat: int, reuse: bool = False) -> dict:
    """One backend and size in a fresh process (Django settings are per process)."""
    out = ROOT / "var" / "bench" / f"{backend}-{cases}.json"
    previous = json.loads(out.read_text()) if reuse and out.exists() else None
    if reuse and previous is None:
        raise SystemExit(f"--reuse: no earlier run of {backend} at {cases} cases")
    if reuse:
        url = POSTGRES_URL if backend == "postgres" else _sqlite_url(cases)
    else:
        url = _fresh_database(backend, cases)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env["DEBUG"] = "False"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--measure", str(cases), "--repeat", str(repeat)]
    subprocess.run(
        [*command, "--out", out, *(["--reuse"] if reuse else [])], cwd=ROOT, env=env, check=True
    )
    result = json.loads(out.read_text())
    if previous is not None:  # data and index as they were built then
        for key in ("generate_demo_seconds", "rebuild_seconds", "indexed"):
            result[key] = previous[key]
        result["queries_remeasured_on_the_earlier_build"] = True
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


def _versions() -> dict:
    import sqlite3

    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    try:
        import psycopg

        base, _, _name = POSTGRES_URL.rpartition("/")
        with psycopg.connect(f"{base}/postgres") as conn:
            versions["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:  # PostgreSQL is optional for a partial run
        versions["postgresql"] = f"unavailable: {exc}"
    return versions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Time the queries again on the databases of the last run (no generate/rebuild).",
    )
    parser.add_argument(
        "--merge", type=Path, nargs="*", default=[], help="Earlier result files to take runs from."
    )
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # child process: Django on the database in DATABASE_URL
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        result = run_benchmark(cases=args.measure, repeat=args.repeat, reuse=args.reuse)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
        return

    report = {
        "command": "make bench  (.venv/bin/python bench/search_bench.py)",
        "what": "p50/p95 wall-clock ms of count() + first 20 ranked results of "
        "CaseStudy.objects.published().search(q), vs an icontains scan of the same case fields "
        "(also ranked title > summary > body); cpu_*_ms is the benchmark process's CPU time "
        "(on SQLite that includes the database engine; on PostgreSQL it excludes the server)",
        "queries": QUERIES,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            **_versions(),
        },
        "runs": {},
    }
    for backend in args.backends.split(","):
        for cases in [int(s) for s in args.sizes.split(",")]:
            print(f"{backend}, {cases} cases", flush=True)
            report["runs"][f"{backend}-{cases}"] = _measure_in_subprocess(
                backend, cases, args.repeat, reuse=args.reuse
            )
    for path in args.merge:
        earlier = json.loads(path.read_text())
        for name, run in earlier["runs"].items():
            report["runs"].setdefault(name, {**run, "from": str(path), "at": earlier["started"]})
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets"] = _targets(report["runs"])
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(report["targets"], indent=2))
    print(f"written to {args.results}")


def _targets(runs: dict) -> dict:
    """The issue's targets, checked against what was measured (met or not)."""
    out = {}
    for backend, limit in (("sqlite", 20), ("postgres", 30)):
        big, small = runs.get(f"{backend}-100000"), runs.get(f"{backend}-10000")
        if not big:
            continue
        worst = max(c["atlas"]["p95_ms"] for c in big["classes"].values())
        out[backend] = {
            f"every class p95 <= {limit} ms at 100k": {
                "worst_p95_ms": worst,
                "met": worst <= limit,
            },
            "rebuild <= 60 s at 100k": {
                "seconds": big["rebuild_seconds"],
                "met": big["rebuild_seconds"] <= 60,
            },
        }
        if backend == "sqlite":
            out[backend]["p95 >= 50x below icontains"] = {
                "ratio": big["p95_ratio"],
                "met": big["p95_ratio"] >= 50,
            }
        if small:
            ratio = big["overall"]["atlas"]["p95_ms"] / max(
                small["overall"]["atlas"]["p95_ms"], 0.001
            )
            out[backend]["p95 at 100k <= 2x p95 at 10k"] = {
                "ratio": round(ratio, 2),
                "met": ratio <= 2,
            }
    return out


if __name__ == "__main__":
    main()
