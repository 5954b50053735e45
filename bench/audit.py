"""`make audit`: the public site as a buyer's browser and the usual checkers see it.

Serves a demo database (the report's seed, the CAC register when ../shared/data has it, and
`generate_demo --cases 2000`) with production settings under gunicorn, then:

- axe-core (tests/browser/vendor/axe.min.js) in Chromium through Playwright, at 1280 and 375 px,
  on every page type including /developers/ and the API docs: serious and critical findings;
- the Nu HTML checker (`vnu.jar` from the npm package vnu-jar, frontend/audit) on the served HTML;
- Lighthouse (npm, frontend/audit) on home, a search result, a vendor, a model, a case and
  /insights/: the four category scores, LCP and TBT (its default mobile profile, simulated);
- the home page's weight as Chromium receives it: bytes on the wire, requests, other hosts.

Writes bench/results/audit.json. Needs Node/npm (`npm install` in frontend/audit, done here),
Java for vnu.jar and Chromium at /usr/bin/chromium (ATLAS_CHROMIUM).
"""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
TOOLS = ROOT / "frontend" / "audit"
RESULTS = ROOT / "bench" / "results" / "audit.json"
LIGHTHOUSE_PAGES = ("home", "search", "vendor", "model", "case", "insights")
NOINDEX = {"search", "compare", "shortlist", "swagger", "redoc", "key request", "contact"}


def run(command, **kwargs):
    print("+", " ".join(str(c) for c in command), file=sys.stderr)
    kwargs.setdefault("cwd", ROOT)
    return subprocess.run(command, check=True, **kwargs)


def demo_database(path: Path, cases: int) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if path.exists():  # made by an earlier checkout: bring its schema up to this one's
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, stdout=subprocess.DEVNULL)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_seed", "-v0"],
        ["import_cac_filings", "--skip-missing", "--quiet-anomalies"],
        ["generate_demo", "--cases", str(cases)],
    ):
        run([PY, "manage.py", *args], env=env, stdout=subprocess.DEVNULL)


def first_slug(db: Path, table: str, where: str = "") -> str:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            f"SELECT slug FROM {table} WHERE status = 'published' {where} ORDER BY id LIMIT 1"
        ).fetchone()
    return row[0]


def pages(db: Path) -> dict[str, str]:
    case = first_slug(db, "cases_casestudy", "AND slug LIKE 'demo-%'")
    return {
        "home": "/",
        "home (en)": "/en/",
        "search": "/search/?q=%E9%87%91%E8%9E%8D",
        "case list": "/cases/?vertical=finance",
        "vendor": "/vendors/baidu/",
        "model": "/models/ernie-bot/",
        "product": f"/products/{first_slug(db, 'directory_product')}/",
        "case": f"/cases/{case}/",
        "case (en)": f"/en/cases/{case}/",
        "vertical": "/verticals/finance/",
        "insights": "/insights/",
        "filings": "/filings/",
        "compare": "/compare/models/?items=ernie-bot&items=qwen",
        "shortlist": "/shortlist/",
        "about": "/about/",
        "contact": "/contact/",
        "developers": "/developers/",
        "key request": "/developers/key/",
        "swagger": "/api/v1/schema/swagger/",
        "redoc": "/api/v1/schema/redoc/",
    }


class Server:
    """gunicorn with production settings on the demo database (one worker: locmem cache)."""

    def __init__(self, db: Path, port: int):
        self.url = f"http://127.0.0.1:{port}"
        secret = (ROOT / "var" / "secret_key").read_text().strip()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": f"sqlite:///{db}",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "4",
        }
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi:application",
                "-c",
                "config/gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start")
        for path in ("/", "/insights/"):  # warm the caches and the facet index
            urllib.request.urlopen(self.url + path, timeout=60).read()
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def axe_and_weight(base: str, urls: dict[str, str]) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    findings, weight = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in (1280, 375):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            for name, path in urls.items():
                page.goto(base + path, wait_until="networkidle")
                if name == "swagger":
                    page.wait_for_selector(".opblock", timeout=30_000)
                elif name == "redoc":
                    page.wait_for_selector("[data-section-id^='operation/']", state="attached")
                result = page.evaluate("async () => await axe.run(document)")
                serious = [
                    {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                findings.setdefault(name, {})[str(width)] = serious
            context.close()

        # The home page's weight, cold cache, as the browser receives it.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        requests = []
        page.on("requestfinished", lambda r: requests.append(r))
        page.goto(base + "/", wait_until="networkidle")
        page.wait_for_timeout(1000)
        host = urlsplit(base).netloc
        rows = []
        for request in requests:
            sizes = request.sizes()
            response = request.response()
            rows.append(
                {
                    "url": request.url.replace(base, ""),
                    "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    "encoding": (response.headers.get("content-encoding") if response else None),
                }
            )
        weight = {
            "requests": len(rows),
            "transferred_bytes": sum(r["bytes"] for r in rows),
            "other_hosts": sorted({urlsplit(r.url).netloc for r in requests} - {host} - {""}),
            "resources": rows,
        }
        context.close()
        browser.close()
    return findings, weight


def nu_errors(base: str, urls: dict[str, str]) -> dict:
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, path in urls.items():
            html = urllib.request.urlopen(base + path, timeout=60).read()
            file = Path(tmp) / (re.sub(r"\W+", "-", name) + ".html")
            file.write_bytes(html)
            files[str(file)] = name
        out = subprocess.run(
            ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
        )
        messages = json.loads(out.stderr or out.stdout)["messages"]
    result = {name: {"errors": 0, "first": []} for name in urls}
    for message in messages:
        if message.get("type") != "error":
            continue
        name = files.get(urlsplit(message.get("url", "")).path)
        if name is None:
            continue
        result[name]["errors"] += 1
        if len(result[name]["first"]) < 5:
            result[name]["first"].append(message.get("message", "")[:200])
    return result


def lighthouse(base: str, urls: dict[str, str]) -> dict:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    scores = {}
    for name in LIGHTHOUSE_PAGES:
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            out = subprocess.run(
                [
                    str(binary),
                    base + urls[name],
                    "--quiet",
                    "--output=json",
                    f"--output-path={output.name}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                timeout=600,
            )
            try:
                report = json.loads(Path(output.name).read_text() or "null")
            except json.JSONDecodeError:
                report = None
        if not report or report.get("runtimeError"):
            scores[name] = {"error": (out.stderr or str(report))[-500:]}
            print(name, scores[name], file=sys.stderr)
            continue
        audits = report["audits"]
        scores[name] = {
            **{
                key: round(category["score"] * 100)
                for key, category in report["categories"].items()
            },
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "transfer_bytes": round(audits["total-byte-weight"]["numericValue"]),
            "noindex": name in NOINDEX,
            "failed": sorted(
                audit_id
                for category in report["categories"].values()
                for ref in category["auditRefs"]
                if ref["weight"]
                and (audits[audit_id := ref["id"]].get("score") or 0) < 0.9
                and audits[audit_id].get("scoreDisplayMode") in ("binary", "numeric")
            ),
        }
        print(name, scores[name], file=sys.stderr)
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "audit" / "demo.sqlite3")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()

    if not (TOOLS / "node_modules").exists():
        run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS)
    demo_database(args.db, args.cases)
    urls = pages(args.db)
    with Server(args.db, args.port) as server:
        findings, weight = axe_and_weight(server.url, urls)
        nu = nu_errors(server.url, urls)
        scores = {} if args.skip_lighthouse else lighthouse(server.url, urls)
    summary = {
        "axe_serious_or_critical": sum(
            v["nodes"] for widths in findings.values() for vs in widths.values() for v in vs
        ),
        "nu_errors": sum(page["errors"] for page in nu.values()),
        "home_transferred_kb": round(weight["transferred_bytes"] / 1024, 1),
        "home_requests": weight["requests"],
        "home_other_hosts": weight["other_hosts"],
        "lighthouse_min": {
            key: min(s[key] for s in scores.values() if key in s)
            for key in ("performance", "accessibility", "best-practices", "seo")
        }
        if scores
        else {},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "setup": {
                    "settings": "config.settings.production under gunicorn (1 worker, 4 threads)",
                    "database": f"SQLite, seed + CAC register + generate_demo --cases {args.cases}",
                    "browser": CHROMIUM,
                    "lighthouse": "12.2.3, default mobile profile, simulated throttling",
                },
                "summary": summary,
                "pages": urls,
                "axe": findings,
                "nu": nu,
                "lighthouse": scores,
                "home_weight": weight,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
