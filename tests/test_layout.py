"""The layout's promises: one registry of models that every part reads, layers that import
only downward, a data version that moves once per change, and databases made before the
migrations were squashed upgrading cleanly."""

import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

from core.cache import data_version
from core.models import Publication, RegistryModel
from core.registry import ROLES, entries, loading_order, registry_models, search_indexes
from portal.loading import sections
from zones.models import Sector, Zone, ZoneStatistics
from zones.resources import ZoneResource

REPO = Path(__file__).resolve().parent.parent
UPGRADE = Path(__file__).parent / "data" / "upgrade"


def concrete_registry_models() -> set:
    """Every model built on the registry's base class, found by walking the apps: what the
    registry must list."""
    return {
        model
        for model in apps.get_models()
        if issubclass(model, RegistryModel) and not model._meta.abstract
    }


def test_every_registry_model_is_declared_once():
    declared = registry_models()
    assert len(declared) == len(set(declared))
    assert set(declared) == concrete_registry_models()


def test_what_the_registry_declares_reaches_every_reader(client, db):
    names = {entry.name for entry in entries()}
    # The documents' sections, the open data package's tables, the API's endpoints.
    assert set(sections()) == names
    api = client.get("/api/v1/").json()
    assert set(api) == {entry.name for entry in entries() if entry.api}
    # The menu and the home page.
    home = client.get("/")
    menu = [item["label"] for item in home.context["navigation"]]
    assert menu == [str(entry.menu) for entry in entries() if entry.menu] + ["Dashboards"]
    assert [name for _, name, _ in home.context["directories"]] == [
        entry.directory for entry in entries() if entry.directory
    ]
    # The site search asks every directory.
    searched = client.get("/search/?q=x").context["groups"]
    assert len(searched) == len([entry for entry in entries() if entry.directory])
    # Every directory's own search columns are indexed.
    assert search_indexes()["zones_zone"] == ["name", "name_zh", "other_names", "city"]


def test_records_are_loaded_after_what_they_refer_to():
    order = [entry.model for entry in loading_order()]
    for position, model in enumerate(order):
        for field in model._meta.get_fields():
            target = field.related_model if field.concrete and field.is_relation else None
            if target in order and target is not model:
                assert order.index(target) < position, (model, field.name)


def test_the_roles_are_made_from_the_registry(db):
    for role, actions in ROLES.items():
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        for model in registry_models():
            for action in actions:
                publishable = any(field.name == "publication" for field in model._meta.fields)
                if action == "publish" and not publishable:
                    continue
                assert f"{action}_{model._meta.model_name}" in codenames, (role, model)


def test_statistics_are_public_when_their_zone_is(province, source):
    zone = Zone.objects.create(kind="stip", name="Zone", province=province)
    row = ZoneStatistics.objects.create(zone=zone, year=2020, enterprises=5, source=source)
    assert not ZoneStatistics.objects.published().exists() and not row.is_published
    zone.publication = Publication.PUBLISHED
    zone.save()
    assert list(ZoneStatistics.objects.published()) == [row]
    assert ZoneStatistics.objects.get().is_published


# The data version that keys the page cache ------------------------------------------------------


def test_a_save_moves_the_data_version_once(province):
    before = data_version()
    zone = Zone.objects.create(kind="stip", name="Zone", province=province)
    assert data_version() == before + 1  # the zone, not its history record as well
    zone.sectors.add(Sector.objects.create(name="Software"))
    assert data_version() == before + 3  # the sector, then the relation


def test_an_admin_form_with_its_inlines_moves_it_once(admin_client, province, source):
    zone = Zone.objects.create(kind="stip", name="Zone", province=province)
    before = data_version()
    form = {
        "publication": "draft", "kind": "stip", "name": "Zone", "province": province.pk,
        "status": "active", "approved_precision": "",
        "statistics-TOTAL_FORMS": "2", "statistics-INITIAL_FORMS": "0",
        "statistics-0-year": "2020", "statistics-0-currency": "CNY",
        "statistics-0-source": source.pk, "statistics-0-enterprises": "10",
        "statistics-1-year": "2021", "statistics-1-currency": "CNY",
        "statistics-1-source": source.pk, "statistics-1-enterprises": "12",
    }  # fmt: skip
    response = admin_client.post(f"/admin/zones/zone/{zone.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert zone.statistics.count() == 2
    assert data_version() == before + 1


def test_an_import_moves_it_once_and_a_preview_not_at_all(documents, source):
    import tablib

    rows = tablib.Dataset(headers=["slug", "name", "kind", "province", "source"])
    for number in range(5):
        rows.append([f"imported-{number}", f"Imported {number}", "stip", "110000", source.key])
    before = data_version()
    ZoneResource().import_data(rows, dry_run=True, use_transactions=True)
    assert data_version() == before
    result = ZoneResource().import_data(rows, use_transactions=True)
    assert not result.has_errors() and Zone.objects.filter(slug__startswith="imported-").count()
    assert data_version() == before + 1


# The layers ---------------------------------------------------------------------------------------


def test_the_layers_hold():
    """import-linter's contracts (pyproject.toml): each package imports only the layers below."""
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed (make test installs it).")
    result = subprocess.run([str(linter)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


# Databases made before the migrations were squashed ------------------------------------------


def migrate(database_url: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )


def check_upgraded(database_url: str, rows) -> None:
    result = migrate(database_url)
    assert result.returncode == 0, result.stderr
    environment = {**os.environ, "DATABASE_URL": database_url}
    check = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=REPO, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert rows("SELECT count(*) FROM zones_zone WHERE kind = 'stip'") == 54
    assert rows("SELECT count(*) FROM auth_group") == 3
    assert rows("SELECT count(*) FROM django_migrations WHERE name LIKE '%squashed%'") == 6


def test_a_sqlite_database_from_before_the_squash_migrates(tmp_path):
    path = tmp_path / "old.sqlite3"
    with gzip.open(UPGRADE / "main-before-issue-13.sqlite3.gz") as packed, open(path, "wb") as out:
        shutil.copyfileobj(packed, out)

    def rows(sql):
        with sqlite3.connect(path) as database:
            return database.execute(sql).fetchone()[0]

    check_upgraded(f"sqlite:///{path}", rows)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when the suite runs on PostgreSQL"
)
def test_a_postgresql_database_from_before_the_squash_migrates():
    server = settings.DATABASES["default"]
    name = f"upgrade_{uuid.uuid4().hex[:8]}"
    options = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "password": server["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # pg_dump's plain format is read by psql (COPY blocks, meta-commands).
        restore = subprocess.run(
            ["psql", "--quiet", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--host",
             options["host"], "--port", str(options["port"]), "--username", options["user"],
             "--dbname", name],
            input=gzip.decompress((UPGRADE / "main-before-issue-13.sql.gz").read_bytes()),
            env={**os.environ, "PGPASSWORD": options["password"] or ""},
            capture_output=True,
        )  # fmt: skip
        assert restore.returncode == 0, restore.stderr.decode()[-2000:]
        with psycopg.connect(dbname=name, autocommit=True, **options) as database:

            def rows(sql):
                return database.execute(sql).fetchone()[0]

            password = f":{options['password']}" if options["password"] else ""
            url = (
                f"postgres://{options['user']}{password}@{options['host']}:{options['port']}/{name}"
            )
            check_upgraded(url, rows)
            indexes = rows("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%_trgm'")
            assert indexes >= sum(len(columns) for columns in search_indexes().values())
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Reproducible installs -----------------------------------------------------------------------


def locked(name: str) -> dict[str, str]:
    """{package: version} of a lock file in requirements/, each pin with its hashes."""
    text = (REPO / "requirements" / name).read_text()
    pins = {}
    for block in text.split("\n"):
        if "==" in block and not block.startswith(("#", " ")):
            package, version = block.split(" ")[0].split("==")
            pins[package.lower()] = version
    assert text.count("==") == len(pins) and text.count("--hash=sha256:") >= len(pins)
    return pins


def declared(extra: str = "") -> set[str]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {re.split(r"[\[<>=!~ ]", requirement)[0].lower() for requirement in requirements}


def test_the_lock_files_pin_every_dependency_with_hashes():
    run, dev = locked("run.txt"), locked("dev.txt")
    assert declared() <= set(run)
    assert declared("dev") <= set(dev)
    # Running installs no test tool; testing installs what running does, at the same versions.
    assert not declared("dev") & set(run)
    assert {package: dev[package] for package in run} == run
