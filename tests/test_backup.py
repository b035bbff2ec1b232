"""A backup holds everything, and a restore into an empty database gives it all back."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from ops.backup import digest
from portal.releases import make_release
from zones.models import Zone

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same kind, as a DATABASE_URL."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{settings['NAME']}_restore"
    server = dict(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                  password=settings["PASSWORD"], dbname="postgres", autocommit=True)  # fmt: skip
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = (
        f"{settings['USER']}:{settings['PASSWORD']}@"
        if settings["PASSWORD"]
        else f"{settings['USER']}@"
    )
    yield f"postgres://{user}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url: str, **environment) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_restore_gives_back_every_row_of_every_table(tmp_path, empty_database):
    call_command("load_documents", verbosity=0)
    zone = Zone.objects.get(list_number=1)
    zone.name_zh = "中关村科技园区"  # a change, so the history has rows too
    zone.save()
    get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    before = digest()
    assert before["zones_zone"][0] == Zone.objects.count() and before["zones_historicalzone"][0]

    release = make_release().release  # its package is cited for good: it comes back too
    before = digest()

    backup_file = tmp_path / "portal.backup"
    call_command("backup", output=backup_file, verbosity=0)
    restored_releases = tmp_path / "restored-releases"
    manage("restore", str(backup_file), database_url=empty_database,
           RELEASES_DIR=str(restored_releases))  # fmt: skip
    after = json.loads(manage("restore", "--digest", database_url=empty_database))
    assert after == before
    package = restored_releases / str(release.number) / release.filename
    assert hashlib.sha256(package.read_bytes()).hexdigest() == release.sha256


def test_a_restore_never_mixes_with_existing_data(tmp_path):
    backup_file = tmp_path / "portal.backup"
    call_command("backup", output=backup_file, verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup_file))
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.backup"))
