"""`make loadtest`: the traffic mix (bench/locustfile.py) against `make serve`, at a fixed
concurrency for a fixed time, on SQLite and on PostgreSQL+Redis, the public page cache off in
both by default (what pages cost when every hit renders; `--configs postgres` for the cached
setup), with the framework's floor (/healthz) measured on the same server in the same run.
Writes bench/results/load.json.

    make loadtest                                   # 100k cases, 8 visitors, 60 s per phase
    make loadtest LOAD_ARGS="--smoke"               # short and bounded: CI checks it runs clean
    LOAD_ARGS="--configs postgres --seconds 30"     # one configuration, shorter

Each configuration gets its own database (generated once: `generate_demo --cases N --seed 1`,
reused while it has N cases). The load generator runs on the same machine as the server and
takes part of its CPU: the floor is measured under the same handicap, so the ratios hold.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "var" / "loadtest"

ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"
COUNT_CASES = "from cases.models import CaseStudy; print(CaseStudy.objects.count())"
SETUP = """
import json, os
from django.contrib.auth import get_user_model
from cases.models import CaseStudy
from directory.models import AIModel, Product, Vendor, Vertical
from partners.services import api_key_create

key, raw = api_key_create(name="Load test", owner="bench/loadtest.py",
                          rate_limit_per_minute=10**8, daily_quota=10**9)
cases = CaseStudy.objects.published()
slugs = list(cases.order_by("?").values_list("slug", flat=True)[:2000])
targets = {
    "cases_total": cases.count(),
    "totals": {
        "cases": cases.count(),
        "vendors": Vendor.objects.published().count(),
        "models": AIModel.objects.published().count(),
        "products": Product.objects.published().count(),
    },
    "cases": slugs,
    "editable_case_ids": list(cases.order_by("?").values_list("pk", flat=True)[:200]),
    "vendors": list(Vendor.objects.published().values_list("slug", flat=True)[:500]),
    "models": list(AIModel.objects.published().values_list("slug", flat=True)[:500]),
    "verticals": list(Vertical.objects.values_list("slug", flat=True)),
    "api_key": raw,
    "editor": [os.environ["LOAD_EDITOR"], os.environ["LOAD_EDITOR_PASSWORD"]],
}
open(os.environ["LOAD_TARGETS"], "w", encoding="utf-8").write(json.dumps(targets))
"""


def configurations(args) -> dict[str, dict[str, str]]:
    suffix = "_smoke" if args.smoke else ""
    postgres = os.environ.get(
        "LOAD_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/atlas_load{suffix}"
    )
    redis = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/5")
    return {
        # The embedded default: SQLite, local-memory cache per process (so no page cache).
        "sqlite": {"DATABASE_URL": f"sqlite:///{VAR}/load{suffix}.sqlite3"},
        # Past one machine: PostgreSQL, and Redis for cache, sessions, rate limits, page cache.
        "postgres": {"DATABASE_URL": postgres, "CACHE_URL": redis},
        # The same without the public page cache: what the pages cost when every hit renders.
        "postgres-no-page-cache": {"DATABASE_URL": postgres, "CACHE_URL": redis, "PAGE_CACHE": "0"},
    }


def run(cmd, env, **kwargs):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(name: str, env: dict, cases: int, targets: Path) -> None:
    """Migrate, seed, generate the demo cases (once), an editor and a partner key; targets."""
    if env["DATABASE_URL"].startswith("postgres"):
        ensure_postgres_database(env["DATABASE_URL"])
    manage = [PY, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "load_seed"], env, stdout=subprocess.DEVNULL)
    if cases:
        count = subprocess.run(
            [*manage, "shell", "-c", COUNT_CASES],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if int(count.splitlines()[-1] if count else 0) < cases:
            run([*manage, "generate_demo", "--cases", str(cases), "--seed", "1"], env)
    # Fresh planner statistics, as after any bulk load (autovacuum would get there later).
    run([*manage, "shell", "-c", ANALYZE], env, stdout=subprocess.DEVNULL)
    run(
        [
            *manage,
            "create_editor",
            env["LOAD_EDITOR"],
            "--role",
            "editor",
            "--password",
            env["LOAD_EDITOR_PASSWORD"],
        ],
        env,
        stdout=subprocess.DEVNULL,
    )
    run([*manage, "shell"], {**env, "LOAD_TARGETS": str(targets)}, input=SETUP.encode())


def wait_until_up(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"the server did not answer on {url} within {timeout:.0f} s")


def locust(users: list[str], count: int, seconds: int, host: str, env: dict, prefix: Path):
    cmd = [
        LOCUST,
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--only-summary",
        "-u",
        str(count),
        "-r",
        str(count),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
        *users,
    ]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return read_stats(prefix)


def read_stats(prefix: Path) -> dict:
    figures = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "requests_per_s": round(float(row["Requests/s"]), 1),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
                "max_ms": round(float(row["Max Response Time"]), 1),
            }
    failures = []
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        failures = [
            {"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    total = figures.pop("Aggregated")
    return {"total": total, "by_page": figures, "failures": failures}


def _ms(value: str):
    return None if value in ("", "N/A") else float(value)


def measure(name: str, extra_env: dict, args) -> dict:
    env = {
        **os.environ,
        **extra_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", uuid.uuid4().hex * 2),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_KEY_PREFIX": f"atlas-load-{uuid.uuid4().hex[:8]}",  # a cold cache every run
        "LOAD_EDITOR": "loadtest-editor",
        "LOAD_EDITOR_PASSWORD": "Load-" + uuid.uuid4().hex,
        "PYTHONUNBUFFERED": "1",
    }
    targets = VAR / f"targets-{name}.json"
    prepare(name, env, args.cases, targets)
    env["LOAD_TARGETS"] = str(targets)
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={args.port}"],
        env={**env, "GUNICORN_LOG_LEVEL": "warning"},
        cwd=ROOT,
        start_new_session=True,  # its own process group, ended below
    )
    try:
        wait_until_up(host, server, timeout=900)
        cases_total = json.loads(targets.read_text())["cases_total"]
        warm = max(2, args.seconds // 6)
        locust(["Visitor"], args.users, warm, host, env, VAR / f"{name}-warmup")
        floor = locust(["FloorUser"], args.users, args.seconds, host, env, VAR / f"{name}-floor")
        mix = locust(
            ["Visitor", "Editor"], args.users + 1, args.seconds, host, env, VAR / f"{name}-mix"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return {
        "database": extra_env["DATABASE_URL"].split(":", 1)[0],
        "cache": "redis" if "CACHE_URL" in extra_env else "local memory (per process)",
        "page_cache": "CACHE_URL" in extra_env and extra_env.get("PAGE_CACHE") != "0",
        "cases": cases_total,
        "floor": floor["total"],
        "mix": mix,
        "targets": targets_met(floor["total"], mix),
    }


def targets_met(floor: dict, mix: dict) -> dict:
    search = mix["by_page"].get("search with facets", {})
    visitors = [v for k, v in mix["by_page"].items() if not k.startswith("editor")]
    return {
        "zero_errors": mix["total"]["errors"] == 0 and floor["errors"] == 0,
        "search_p95_within_5x_floor_p95": bool(search)
        and search["p95_ms"] <= 5 * max(floor["p95_ms"], 1),
        "every_page_p99_under_200ms": all((v["p99_ms"] or 0) < 200 for v in visitors),
    }


def markdown(results: dict) -> str:
    """The figures as the table in docs/DEPLOY.md."""
    lines = [
        "| configuration | cases | page | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, run_ in results["runs"].items():
        rows = [("floor (/healthz)", run_["floor"]), ("mix, all", run_["mix"]["total"])]
        rows += sorted(run_["mix"]["by_page"].items())
        for page, f in rows:
            lines.append(
                f"| {name} | {run_['cases']} | {page} | {f['requests_per_s']} | {f['p50_ms']} "
                f"| {f['p95_ms']} | {f['p99_ms']} | {f['errors']} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="short and bounded (CI)")
    parser.add_argument("--configs", default="sqlite,postgres-no-page-cache")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=8, help="concurrent visitors")
    parser.add_argument("--seconds", type=int, default=60, help="per phase")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8510)))
    parser.add_argument("--output", type=Path, default=RESULTS / "load.json")
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.users, args.seconds = 0, 4, 6
        if args.output == RESULTS / "load.json":
            args.output = VAR / "load-smoke.json"
    VAR.mkdir(parents=True, exist_ok=True)
    chosen = configurations(args)
    results = {
        "command": "make loadtest" + (" LOAD_ARGS=--smoke" if args.smoke else ""),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()},
        "concurrency": {"visitors": args.users, "editors": 1, "floor_users": args.users},
        "seconds_per_phase": args.seconds,
        "server": {
            "workers": os.environ.get("GUNICORN_WORKERS", f"2 x {os.cpu_count()} + 1"),
            "threads": os.environ.get("GUNICORN_THREADS", "2"),
        },
        "runs": {},
    }
    for name in args.configs.split(","):
        results["runs"][name] = measure(name, chosen[name], args)
    results["machine"]["load_average_after"] = os.getloadavg()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(markdown(results))
    print(json.dumps({n: r["targets"] for n, r in results["runs"].items()}, indent=2))
    print(f"written to {args.output}")
    runs = results["runs"].values()
    errors = sum(r["mix"]["total"]["errors"] + r["floor"]["errors"] for r in runs)
    if errors:
        for name, run_ in results["runs"].items():
            for failure in run_["mix"]["failures"]:
                print(f"{name}: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    shutil.which("make") or sys.exit("make is needed: the load test runs `make serve`")
    sys.exit(main())
