#!/usr/bin/env python
"""Page benchmark (`make bench`): CPU per request of every public page type, uncached and cached.

For each database (SQLite and PostgreSQL) and size (10k and 100k demo cases by default) it runs
one Django process that requests each page through the full middleware stack (django.test.Client,
DEBUG off) and records, per request, the process's CPU (`time.process_time()`), the PostgreSQL
backend's CPU (from /proc/<pid>/schedstat, nanoseconds) and the wall time: medians and p95 after
a warm-up, with `/healthz` as the constant floor in the same run. Every page is measured with
every cache off (DummyCache, page cache off) and with the page cache on. Writes
bench/results/pages.json, growth from the smaller size to the larger beside each page.

    .venv/bin/python bench/pages.py                      # 10k and 100k, SQLite and PostgreSQL
    .venv/bin/python bench/pages.py --sizes 2000 --backends sqlite --repeat 5
    .venv/bin/python bench/pages.py --pages finder vendors   # only pages whose name has a word

Databases are generated once (`generate_demo`) and kept: SQLite files in bench/.data/, PostgreSQL
databases named atlas_pages_<size> (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results" / "pages.json"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PYTHON = sys.executable


def database_url(backend: str, size: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{DATA / f'pages-{size}.sqlite3'}"
    return f"{POSTGRES}/atlas_pages_{size}"


def run(args, env, capture=True) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=capture, text=True)
    return done.stdout if capture else ""


def prepare(backend: str, size: int) -> dict:
    """Migrate and fill the database once; later runs reuse it."""
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(backend, size)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    if backend == "postgres":
        name = url.rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    manage = [PYTHON, str(ROOT / "manage.py")]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    count = run([*manage, "shell", "-c", COUNT_CASES], env).strip().splitlines()[-1]
    if int(count) < size:
        print(f"  generating {size} cases in {url} (once) …", flush=True)
        run([*manage, "load_seed", "-v0"], env)
        run([*manage, "generate_demo", "--cases", str(size), "--seed", "1", "--clear"], env)
    else:
        if run([*manage, "shell", "-c", COUNT_FACTS], env).strip().splitlines()[-1] == "0":
            print(f"  adding procurement facts to {url} (once) …", flush=True)
            run([*manage, "shell", "-c", FILL_FACTS], env)
        run([*manage, "rebuild_facets"], env)
    return env


COUNT_CASES = "from cases.models import CaseStudy; print(CaseStudy.objects.count())"
COUNT_FACTS = (
    "from procurement.models import DeploymentOffer; print(DeploymentOffer.objects.count())"
)
# A database generated before the procurement facts existed gets them as generate_demo makes them.
FILL_FACTS = (
    "from procurement.services import demo_fill; demo_fill(vendor_slug_prefix='demo-', seed=1)"
)


# -- the measuring process ------------------------------------------------------------------------


def pick_paths() -> list[tuple[str, str]]:
    """The page types, with concrete rows chosen the same way at every size."""
    from django.db.models import Count

    from cases.models import CaseStudy
    from directory.models import AIModel, Product, Scenario, Vendor, Vertical

    published = CaseStudy.objects.published()
    vertical = (
        Vertical.objects.annotate(n=Count("cases")).order_by("-n", "slug").values("slug").first()
    )
    newest_case = published.order_by("-published_at", "-pk").first()
    oldest_case = published.order_by("published_at", "pk").first()
    vendor = (
        Vendor.objects.published()
        .annotate(n=Count("cases"))
        .order_by("-n", "pk")
        .only("slug")
        .first()
    )
    model = AIModel.objects.published().order_by("pk").first()
    product = Product.objects.published().order_by("pk").first()
    scenario = Scenario.objects.annotate(n=Count("cases")).order_by("-n", "slug").first()
    needs = (
        f"vertical={vertical['slug']}&scenario={scenario.slug}&region=guangdong"
        "&client_type=government&deployment=private&xinchuang=1&dengbao=3"
    )
    return [
        ("floor /healthz", "/healthz"),
        ("home", "/"),
        ("verticals", "/verticals/"),
        ("vertical page", f"/verticals/{vertical['slug']}/"),
        ("vendors", "/vendors/"),
        ("vendors ?q=智能", "/vendors/?q=智能"),
        ("vendors ?vertical", f"/vendors/?vertical={vertical['slug']}"),
        ("models", "/models/"),
        ("products", "/products/"),
        ("cases", "/cases/"),
        ("cases ?vertical&tier", f"/cases/?vertical={vertical['slug']}&tier=L1"),
        ("cases ?q=大模型", "/cases/?q=大模型"),
        ("cases ?q=AI", "/cases/?q=AI"),
        ("cases ?q=智能", "/cases/?q=智能"),
        ("cases page 50", "/cases/?page=50"),
        ("search ?q=金融", "/search/?q=金融"),
        ("case detail (newest)", newest_case.get_absolute_url()),
        ("case detail (oldest)", oldest_case.get_absolute_url()),
        ("vendor detail (most cases)", vendor.get_absolute_url()),
        ("model detail", model.get_absolute_url()),
        ("product detail", product.get_absolute_url()),
        ("sitemap index", "/sitemap.xml"),
        ("finder (nothing asked)", "/finder/"),
        ("finder ?vertical", f"/finder/?vertical={vertical['slug']}"),
        ("finder ?7 requirements", f"/finder/?{needs}"),
        ("finder report ?7 requirements", f"/finder/report/?{needs}"),
        ("API cases, 100 items", "/api/v1/cases/?page_size=100"),
        ("API models, 100 items", "/api/v1/models/?page_size=100"),
        ("API vendors, 100 items", "/api/v1/vendors/?page_size=100"),
        ("API finder ?7 requirements, 50 results", f"/api/v1/finder/?{needs}&limit=50"),
    ]


def backend_cpu_ns(pid: int | None) -> int:
    if pid is None:
        return 0
    with open(f"/proc/{pid}/schedstat") as handle:
        return int(handle.read().split()[0])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def worker() -> None:
    """Serve timing requests from the orchestrator, one line each (stdin → stdout).

    `warm LABEL` requests the page once (imports, templates, planner caches; its status, query
    count and size are kept); `time LABEL` times one request; `done` prints every page's
    medians and p95. The orchestrator alternates between sizes request by request, so both
    sizes of a page are measured under the same load from the rest of the machine.
    """
    # The serving process's own start (config/wsgi.py): settings, URLs, templates, settled heap.
    from django.db import connection
    from django.test import Client

    import config.wsgi  # noqa: F401

    client = Client(HTTP_HOST="127.0.0.1")
    paths = pick_paths()
    body = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" in body:
        sections = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", body)
        if sections:
            paths.append(("sitemap page (first)", sections[0]))
            paths.append(("sitemap page (last)", sections[-1]))
    else:
        paths = [p for p in paths if p[0] != "sitemap index"]
        print("  sitemap.xml is not an index: skipped", file=sys.stderr)
    wanted = json.loads(os.environ.get("BENCH_PAGES", "[]"))
    if wanted:  # the floor is always measured
        paths = [p for p in paths if p[0] == "floor /healthz" or any(w in p[0] for w in wanted)]
    paths = dict(paths)
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
    executed, seen, cpu, wall = [], {}, {}, {}

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    print(json.dumps(list(paths), ensure_ascii=False), flush=True)
    for line in sys.stdin:
        command, _, label = line.rstrip("\n").partition(" ")
        if command == "warm":
            executed.clear()
            with connection.execute_wrapper(count):
                response = client.get(paths[label])
            seen[label] = {
                "path": paths[label],
                "status": response.status_code,
                "queries": len(executed),
                "bytes": None if response.streaming else len(response.content),
            }
            cpu[label], wall[label] = [], []
            print(json.dumps({"status": response.status_code}), flush=True)
        elif command == "time":
            backend_before = backend_cpu_ns(pid)
            cpu_before, wall_before = time.process_time(), time.perf_counter()
            client.get(paths[label])
            cpu[label].append(
                (time.process_time() - cpu_before) * 1000
                + (backend_cpu_ns(pid) - backend_before) / 1e6
            )
            wall[label].append((time.perf_counter() - wall_before) * 1000)
            print("{}", flush=True)
        elif command == "done":
            out = {
                label: {
                    "path": info["path"],
                    "cpu_ms_median": round(statistics.median(cpu[label]), 2),
                    "cpu_ms_p95": round(percentile(cpu[label], 0.95), 2),
                    "wall_ms_median": round(statistics.median(wall[label]), 2),
                    "wall_ms_p95": round(percentile(wall[label], 0.95), 2),
                    "queries": info["queries"],
                    "bytes": info["bytes"],
                }
                for label, info in seen.items()
            }
            print(json.dumps(out, ensure_ascii=False), flush=True)
            return


# -- orchestration --------------------------------------------------------------------------------


class Worker:
    """One measuring process (one database, one cache setting), driven line by line."""

    def __init__(self, env: dict, cache: str, pages: list[str]):
        env = {
            **env,
            "BENCH_PAGES": json.dumps(pages),
            "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
            "BENCH_PAGE_CACHE": "1" if cache == "on" else "0",
            "PYTHONPATH": str(ROOT),
        }
        self.proc = subprocess.Popen(
            [PYTHON, str(Path(__file__).resolve()), "--worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.labels = self.ask(None)

    def ask(self, command: str | None):
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker failed ({self.proc.wait()})")
        return json.loads(line)


def measure(envs: dict[int, dict], cache: str, repeat: int, pages=()) -> dict[int, dict]:
    """Every page (or those named) at every size, the sizes' requests interleaved one by one."""
    workers = {size: Worker(env, cache, list(pages)) for size, env in envs.items()}
    first = next(iter(workers.values()))
    labels = [label for label in first.labels if all(label in w.labels for w in workers.values())]
    for label in labels:
        for size, w in workers.items():
            status = w.ask(f"warm {label}")["status"]
            if status != 200:
                raise SystemExit(f"{size} {label}: HTTP {status}")
        order = list(workers.values())
        for _ in range(repeat):
            for w in order:
                w.ask(f"time {label}")
            order.reverse()  # neither size always goes first
    results = {size: w.ask("done") for size, w in workers.items()}
    for label in labels:
        line = "  ".join(
            f"{size:>7}: {results[size][label]['cpu_ms_median']:8.2f} "
            f"(p95 {results[size][label]['cpu_ms_p95']:8.2f})"
            for size in workers
        )
        print(f"    {label:30} cpu ms {line}  queries {first_queries(results, label)}", flush=True)
    return results


def first_queries(results: dict, label: str) -> str:
    return "/".join(str(r[label]["queries"]) for r in results.values())


def ratio(large: dict, small: dict) -> float:
    return round(large["cpu_ms_median"] / max(small["cpu_ms_median"], 0.01), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--caches", nargs="+", default=["off", "on"])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument(
        "--pages", nargs="+", default=[], help="only the pages whose name contains one of these"
    )
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    runs = {}
    for backend in args.backends:
        envs = {}
        for size in args.sizes:
            print(f"{backend} {size}: preparing", flush=True)
            envs[size] = prepare(backend, size)
        for cache in args.caches:
            print(f"  {backend} cache {cache}: sizes {args.sizes} interleaved", flush=True)
            for size, result in measure(envs, cache, args.repeat, args.pages).items():
                runs[f"{backend} {size} cache-{cache}"] = result
    growth = {}
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        for backend in args.backends:
            for cache in args.caches:
                a = runs.get(f"{backend} {small} cache-{cache}", {})
                b = runs.get(f"{backend} {large} cache-{cache}", {})
                growth[f"{backend} cache-{cache}"] = {
                    label: round(
                        b[label]["cpu_ms_median"] / max(a[label]["cpu_ms_median"], 0.01), 2
                    )
                    for label in b
                    if label in a
                }
    result = {
        "command": "bench/pages.py " + " ".join(sys.argv[1:]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "method": (
            "one process per database and cache setting, started like the server (config.wsgi), "
            "django.test.Client through the full middleware stack, DEBUG off; the sizes' "
            "processes run side by side and take turns request by request, so a page's sizes "
            "are measured under the same load; cpu = process_time of the app + the PostgreSQL "
            f"backend's schedstat CPU; {args.repeat} requests per page after one warm-up; "
            "cache-off = DummyCache and page cache off, cache-on = local-memory cache with the "
            "page cache on"
        ),
        "runs": runs,
        "growth_cpu_median": growth,
    }
    Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
