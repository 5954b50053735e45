"""Consistent backups while the site runs: the database first, then the media files.

SQLite is copied with its online backup API (a consistent snapshot, WAL included, writers keep
going); PostgreSQL with `pg_dump` (one MVCC snapshot). Media files are copied after the
database snapshot: stored names are random and never rewritten in place, so every file the
snapshot refers to already exists when the copy starts.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.pgdump"
MEDIA_DIR = "media"


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_env(settings_dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def _walk_storage(path=""):
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:  # no media uploaded yet
        return
    for filename in files:
        yield f"{path}/{filename}" if path else filename
    for directory in directories:
        yield from _walk_storage(f"{path}/{directory}" if path else directory)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


DIR_MODE, FILE_MODE = 0o700, 0o600  # a backup holds every account's password hash


def _lock_down(target: Path) -> None:
    """Owner-only permissions on the backup directory and everything in it."""
    target.chmod(DIR_MODE)
    for path in target.rglob("*"):
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)


def backup(target: Path, alias: str = "default") -> dict:
    target.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise CommandError(f"{target} is not empty; back up into a new directory.")
    target.chmod(DIR_MODE)  # before the first byte is written: nobody else can look inside
    connection = connections[alias]
    if _vendor(alias) == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        database_file = SQLITE_FILE
    elif _vendor(alias) == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        subprocess.run([*command, *args, "--file", str(target / PG_FILE)], env=env, check=True)
        database_file = PG_FILE
    else:
        raise CommandError(f"No backup method for the {_vendor(alias)} database.")

    media = {}
    for name in _walk_storage():
        destination = target / MEDIA_DIR / name
        destination.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, destination.open("wb") as out:
            shutil.copyfileobj(source, out)
        media[name] = _sha256(destination)
    manifest = {
        "created": timezone.now().isoformat(),
        "vendor": _vendor(alias),
        "database": database_file,
        "database_sha256": _sha256(target / database_file),
        "media": media,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    _lock_down(target)
    return manifest


def restore(source: Path, alias: str = "default") -> dict:
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise CommandError(f"{source} holds no {MANIFEST}: not a backup made by `backup`.")
    manifest = json.loads(manifest_path.read_text())
    database_file = source / manifest["database"]
    if _sha256(database_file) != manifest["database_sha256"]:
        raise CommandError(f"{database_file} does not match its checksum: the backup is damaged.")
    for name, digest in manifest["media"].items():
        if _sha256(source / MEDIA_DIR / name) != digest:
            raise CommandError(f"Media file {name} does not match its checksum.")
    if manifest["vendor"] != _vendor(alias):
        raise CommandError(
            f"This is a {manifest['vendor']} backup; the database here is {_vendor(alias)}."
        )

    connection = connections[alias]
    if _vendor(alias) == "sqlite":
        connection.ensure_connection()
        snapshot = sqlite3.connect(database_file)
        try:
            snapshot.backup(connection.connection)  # replaces every page, in one step
        finally:
            snapshot.close()
    else:
        connection.close()
        args, env = _pg_env(connection.settings_dict)
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        command += ["--single-transaction", "--exit-on-error"]
        subprocess.run([*command, *args, str(database_file)], env=env, check=True)

    for name in manifest["media"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        with (source / MEDIA_DIR / name).open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        if stored != name:
            raise CommandError(f"Media file {name} was stored as {stored}.")
    return manifest
