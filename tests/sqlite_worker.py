"""A process of the SQLite concurrency test (tests/test_sqlite_concurrency.py): a writer or a
reader against the file database named by DATABASE_URL. Prints one JSON line; exit 1 on error."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.db import OperationalError, connection, transaction  # noqa: E402

from directory.models import Vendor  # noqa: E402
from insights.models import StatPoint, StatSeries  # noqa: E402


def setup():
    series = StatSeries.objects.create(slug="counter", name_zh="计数", source_title="test")
    StatPoint.objects.create(series=series, period_start="2024-01-01", label_zh="c", value=0)
    return {"journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]}


def write(worker: int, count: int):
    for n in range(count):
        with transaction.atomic():
            Vendor.objects.create(
                slug=f"w{worker}-{n}", name_zh=f"并发{worker}-{n}", kind="ai_native"
            )
            point = StatPoint.objects.get(label_zh="c")  # read-modify-write in one transaction
            point.value += 1
            point.save()
    return {"written": count}


def read(stop_file: str):
    reads, last = 0, 0
    while not os.path.exists(stop_file):
        with transaction.atomic():
            seen = Vendor.objects.count()
            list(Vendor.objects.order_by("-pk")[:20])
        if seen < last:
            raise AssertionError(f"count went back from {last} to {seen}")
        last, reads = seen, reads + 1
        time.sleep(0.002)
    return {"reads": reads, "last_count": last}


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    try:
        if role == "setup":
            result = setup()
        elif role == "write":
            result = write(int(args[0]), int(args[1]))
        else:
            result = read(args[0])
    except OperationalError as error:
        print(json.dumps({"error": str(error)}))
        sys.exit(1)
    print(json.dumps(result))
