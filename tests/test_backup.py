"""`manage.py backup DIR` / `restore DIR`: restored into a fresh database, every row and file."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.models import CaseImage
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    StatPointFactory,
    UserFactory,
    VendorFactory,
)
from tests.test_uploads import picture

ROOT = Path(__file__).resolve().parent.parent

ROWS_SCRIPT = """
import json
from django.apps import apps
print(json.dumps({m._meta.label: sorted(m._base_manager.values_list("pk", flat=True))
                  for m in apps.get_models() if m._meta.managed}))
"""


def all_rows() -> dict:
    return {
        m._meta.label: sorted(m._base_manager.values_list("pk", flat=True))
        for m in apps.get_models()
        if m._meta.managed
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def content(media):
    UserFactory(username="editor-wu")  # no role: a transactional test flushes the groups
    vendor = VendorFactory(logo=SimpleUploadedFile("logo.png", picture(size=(200, 100))))
    case = CaseStudyFactory(vendors=[vendor], ai_models=[AIModelFactory(vendor=vendor)])
    CaseMetricFactory(case=case)
    CaseImage.objects.create(case=case, image=SimpleUploadedFile("a.jpg", picture("JPEG")))
    StatPointFactory()
    vendor.name_en = "Edited once"
    vendor.save()
    return vendor


def run_in_fresh_site(database_url: str, media_root: Path, *args: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CACHE_URL": "locmemcache://restore-test",
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the same kind as the test database, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"atlas_restore_{uuid.uuid4().hex[:8]}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    server = f"postgresql://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}".replace("postgresql://", "postgres://")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_finds_every_row_and_file(
    content, media, tmp_path, fresh_database_url
):
    call_command("backup", str(tmp_path / "snapshot"))
    expected_rows = all_rows()
    expected_files = {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    assert len(expected_files) == 4  # two images and their thumbnails

    fresh_media = tmp_path / "fresh-media"
    run_in_fresh_site(fresh_database_url, fresh_media, "restore", str(tmp_path / "snapshot"))
    out = run_in_fresh_site(
        fresh_database_url, fresh_media, "shell", "--no-imports", "-c", ROWS_SCRIPT
    )
    restored_rows = json.loads(out.strip().splitlines()[-1])

    assert restored_rows == expected_rows
    assert sum(map(len, restored_rows.values())) > 50
    restored_files = {
        p.relative_to(fresh_media).as_posix(): p.read_bytes()
        for p in fresh_media.rglob("*")
        if p.is_file()
    }
    assert restored_files == expected_files


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup(content, tmp_path):
    call_command("backup", str(tmp_path / "snapshot"))
    manifest = json.loads((tmp_path / "snapshot" / "manifest.json").read_text())
    damaged = tmp_path / "snapshot" / "media" / next(iter(manifest["media"]))
    damaged.write_bytes(b"tampered")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "snapshot"))


@pytest.mark.django_db
def test_backup_wants_an_empty_directory(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))


@pytest.mark.django_db(transaction=True)
def test_backups_are_readable_by_their_owner_only(content, tmp_path):
    """Audit finding 9: backup files (every password hash) were written 0644."""
    target = tmp_path / "snapshot"
    call_command("backup", str(target))
    assert target.stat().st_mode & 0o777 == 0o700
    paths = list(target.rglob("*"))
    assert any(p.is_file() for p in paths) and any(p.is_dir() for p in paths)
    for path in paths:
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
