"""Sitemap benchmark: CPU (app + database) of the sitemap index and every page it lists.

    DATABASE_URL=sqlite:////tmp/atlas-100k.sqlite3 .venv/bin/python bench/sitemap_bench.py
    DATABASE_URL=postgres://…/atlas_100k .venv/bin/python bench/sitemap_bench.py --label pg-100k

Runs against a database already filled by `manage.py generate_demo --cases N --seed 1`, uncached
(DummyCache, page cache off), in one process through Django's test client. CPU is this
process's time plus, on PostgreSQL, the server backend's (from /proc). Each page is fetched
once to warm up, then `--repeat` times; the median and max are kept. The run is merged into
bench/results/sitemap.json under `--label`.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "sitemap.json"


def _backend_cpu(connection) -> float:
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another host: app CPU only
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["CACHE_URL"] = "dummycache://"
    os.environ["PAGE_CACHE"] = "False"
    os.environ["DEBUG"] = "False"
    sys.path.insert(0, str(ROOT))
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from cases.models import CaseStudy

    client = Client()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    def fetch(path: str):
        connection.ensure_connection()
        cpu0, db0, wall0 = time.process_time(), _backend_cpu(connection), time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        cpu = time.process_time() - cpu0 + _backend_cpu(connection) - db0
        return response, cpu * 1000, (time.perf_counter() - wall0) * 1000

    def measure(path: str) -> dict:
        response, _, _ = fetch(path)  # warm-up
        assert response.status_code == 200, (path, response.status_code)
        cpus, walls = [], []
        for _ in range(args.repeat):
            response, cpu, wall = fetch(path)
            cpus.append(cpu)
            walls.append(wall)
        urls = len(ET.fromstring(response.content).findall("s:url", ns))
        return {
            "path": path,
            "urls": urls,
            "bytes": len(response.content),
            "cpu_ms_median": round(statistics.median(cpus), 1),
            "cpu_ms_max": round(max(cpus), 1),
            "wall_ms_median": round(statistics.median(walls), 1),
        }

    index = measure("/sitemap.xml")
    locs = [
        loc.text
        for loc in ET.fromstring(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content).findall(
            "s:sitemap/s:loc", ns
        )
    ]
    pages = []
    for loc in locs:
        parts = urlsplit(loc)
        pages.append(measure(parts.path + (f"?{parts.query}" if parts.query else "")))
        print(pages[-1], flush=True)
    label = args.label or f"{connection.vendor}-{CaseStudy.objects.count()}"
    run = {
        "cases": CaseStudy.objects.count(),
        "index": index,
        "pages": len(pages),
        "urls_total": sum(p["urls"] for p in pages),
        "worst_page_cpu_ms_median": max(p["cpu_ms_median"] for p in pages),
        "worst_page_cpu_ms_max": max(p["cpu_ms_max"] for p in pages),
        "largest_page_urls": max(p["urls"] for p in pages),
        "page_list": pages,
    }
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report["command"] = (
        "DATABASE_URL=<db filled by generate_demo --cases N --seed 1> "
        ".venv/bin/python bench/sitemap_bench.py --label <backend>-<N>"
    )
    report["what"] = __doc__.split("\n\n")[2].replace("\n", " ")
    report.setdefault("runs", {})[label] = run
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps({k: v for k, v in run.items() if k != "page_list"}, indent=2))


if __name__ == "__main__":
    main()
