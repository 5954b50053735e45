"""SQLite under concurrency: several writer processes and readers on one file database never see
"database is locked", every write lands, and a backup taken meanwhile is consistent."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER = str(ROOT / "tests" / "sqlite_worker.py")
WRITERS, WRITES_EACH, READERS = 4, 30, 2


@pytest.fixture
def file_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_URL": "dummycache://",
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    return env, tmp_path / "atlas.sqlite3"


def start(env, *args):
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process) -> dict:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + err
    assert "database is locked" not in out + err
    return json.loads(out.strip().splitlines()[-1])


def test_concurrent_writers_and_readers_never_see_a_locked_database(file_database, tmp_path):
    env, path = file_database
    assert finish(start(env, WORKER, "setup"))["journal_mode"] == "wal"
    stop = tmp_path / "stop"
    readers = [start(env, WORKER, "read", str(stop)) for _ in range(READERS)]
    writers = [start(env, WORKER, "write", str(n), str(WRITES_EACH)) for n in range(WRITERS)]
    try:
        backup = start(env, "manage.py", "backup", str(tmp_path / "mid-run-backup"))
        backup_out, backup_err = backup.communicate(timeout=600)
        assert backup.returncode == 0, backup_out + backup_err
        results = [finish(w) for w in writers]
        stop.touch()
        reads = [finish(r) for r in readers]
    finally:
        stop.touch()
        for process in readers + writers:
            if process.poll() is None:
                process.kill()

    assert sum(r["written"] for r in results) == WRITERS * WRITES_EACH
    assert all(r["reads"] > 0 for r in reads)
    with sqlite3.connect(path) as db:
        slugs = {row[0] for row in db.execute("SELECT slug FROM directory_vendor")}
        counter = db.execute("SELECT value FROM insights_statpoint").fetchone()[0]
    assert slugs == {f"w{w}-{n}" for w in range(WRITERS) for n in range(WRITES_EACH)}
    assert float(counter) == WRITERS * WRITES_EACH  # no increment lost

    # The backup taken while they wrote is one consistent moment: each vendor with its history.
    with sqlite3.connect(tmp_path / "mid-run-backup" / "db.sqlite3") as snapshot:
        assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        vendors = snapshot.execute("SELECT count(*) FROM directory_vendor").fetchone()[0]
        created = snapshot.execute(
            "SELECT count(*) FROM directory_historicalvendor WHERE history_type = '+'"
        ).fetchone()[0]
        increments = snapshot.execute("SELECT value FROM insights_statpoint").fetchone()[0]
    assert vendors == created == float(increments)
