"""Whole-database backups and restores: PostgreSQL's own dump format, or SQLite's online copy.

A backup holds every table (registry, history, users, sessions, ...) as one consistent snapshot,
and beside it (`<file>.releases/`) the releases' packages, which are kept for good because
citations point at them; a restore goes only into an empty database, so it can never mix with
data already there, and puts back the packages its releases' addresses serve.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    pass


def _postgres_command(program: str) -> tuple[list[str], dict]:
    settings = connection.settings_dict
    if not shutil.which(program):
        raise BackupError(f"{program} is missing: install PostgreSQL's client (postgresql-client).")
    arguments = [program, "--host", settings["HOST"] or "127.0.0.1", "--port",
                 str(settings["PORT"] or 5432), "--username", settings["USER"] or "postgres"]  # fmt: skip
    environment = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return arguments, environment


def backup(path: Path) -> Path:
    """Write the whole database to `path` (custom-format dump, or an SQLite file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        arguments, environment = _postgres_command("pg_dump")
        arguments += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(path),
                      connection.settings_dict["NAME"]]  # fmt: skip
        _run(arguments, environment)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)  # a consistent copy while the portal runs
        target.close()
    else:
        raise BackupError(f"No backup for {connection.vendor} databases.")
    releases = Path(settings.RELEASES_DIR)
    if releases.is_dir():
        # Finished packages only: not a release being written, its lock or its log.
        shutil.copytree(releases, releases_beside(path), dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "*.log"))  # fmt: skip
    return path


def releases_beside(path: Path) -> Path:
    """Where a backup keeps the releases' packages."""
    return path.with_name(f"{path.name}.releases")


def restore(path: Path) -> None:
    """Load a backup into this (empty) database."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if connection.introspection.table_names():
        raise BackupError(
            "This database is not empty: a backup is restored only into an empty database "
            "(create a new one and point DATABASE_URL at it)."
        )
    if connection.vendor == "postgresql":
        arguments, environment = _postgres_command("pg_restore")
        arguments += ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                      "--dbname", connection.settings_dict["NAME"], str(path)]  # fmt: skip
        _run(arguments, environment)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"No restore for {connection.vendor} databases.")
    if releases_beside(path).is_dir():
        # A package already in RELEASES_DIR is left as it is: a release's file never changes.
        shutil.copytree(releases_beside(path), settings.RELEASES_DIR, dirs_exist_ok=True,
                        copy_function=_copy_if_missing)  # fmt: skip


def _copy_if_missing(source: str, target: str) -> None:
    if not os.path.exists(target):
        shutil.copy2(source, target)


def digest() -> dict[str, list]:
    """Every table's row count and a fingerprint of all its rows: equal digests, equal data."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            rows = sorted(json.dumps(row, default=str) for row in cursor.fetchall())
            fingerprint = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = [len(rows), fingerprint]
    return result


def _run(arguments: list[str], environment: dict) -> None:
    done = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{arguments[0]} failed: {done.stderr.strip()}")
