import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.cache import forget_kept
from core.registry import entries
from figures.models import Figure, Metric, Source
from zones.models import Province, Zone


@pytest.fixture(scope="session")
def documents_snapshot(django_db_setup, django_db_blocker) -> dict:
    """The rows `load_documents` writes (registry, history, data version), read once per test
    run in a transaction that is then rolled back, and kept in memory."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_documents", verbosity=0)
        snapshot = {}
        with connection.cursor() as cursor:
            for model in snapshot_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table}")
                columns = [column[0] for column in cursor.description]
                snapshot[model] = (columns, cursor.fetchall())
        transaction.set_rollback(True)
    return snapshot


def snapshot_models() -> list:
    """Every table the documents' load may write to."""
    labels = {entry.app_label for entry in entries()}
    return [
        model
        for label in sorted(labels)
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


@pytest.fixture
def documents(documents_snapshot, db):
    """The source documents' data as `make run` loads it, written afresh for this test alone
    (copied from the snapshot: loading validates every record and takes a second)."""
    # One transaction (a savepoint in most tests), so references are checked once all is in.
    with transaction.atomic(), connection.cursor() as cursor:
        for model, (columns, rows) in documents_snapshot.items():
            if not rows:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        # Rows came with their ids: new rows take the next ones.
        for sql in connection.ops.sequence_reset_sql(no_style(), list(documents_snapshot)):
            cursor.execute(sql)


@pytest.fixture
def source(db):
    return Source.objects.create(
        key="test-source",
        title="Test yearbook",
        publisher="Test publisher",
        kind=Source.Kind.REPORT,
        trust=Source.Trust.HIGH,
        published_on=datetime.date(2020, 1, 1),
        published_precision="year",
    )


@pytest.fixture
def province(db):
    province, _ = Province.objects.get_or_create(
        code="110000", defaults={"name": "Beijing", "name_zh": "北京市", "region": "east"}
    )
    return province


@pytest.fixture
def zone(province, source):
    return Zone.objects.create(
        kind=Zone.Kind.STIP,
        name="Test High-tech Zone",
        province=province,
        source=source,
        publication="published",
    )


@pytest.fixture
def metric(db):
    return Metric.objects.create(key="tenants", name="Tenant companies")


@pytest.fixture
def figure_values(source, metric):
    """Valid values for a Figure, for tests to spoil one at a time."""
    return {
        "key": "test-figure",
        "source": source,
        "metric": metric,
        "topic": "tbi",
        "value": 500,
        "unit": Figure.Unit.COUNT,
        "qualifier": Figure.Qualifier.MORE_THAN,
        "quote": "over 500 TBIs",
    }


@pytest.fixture(autouse=True)
def fresh_caches(settings, monkeypatch, tmp_path):
    """Each test starts with empty caches: the API's throttle counts (tested on their own, a
    generous rate elsewhere), and content types a rolled-back test may have cached; and in
    English (a request for a Chinese page leaves Chinese active in the thread). Passwords are
    hashed with a fast hasher."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.utils import translation

    translation.activate("en")
    monkeypatch.setattr("core.cache._cache_down_until", 0.0)  # no outage carried over
    forget_kept()  # rolled-back tests reuse data version numbers

    settings.API_ANON_RATE = "100000/minute"
    # Open data files are built by the tests that need them (the `built` fixture), each into
    # a folder of its own; a change starts no build in the background.
    settings.DOWNLOADS_ROOT = tmp_path / "downloads"
    settings.DOWNLOADS_BUILD_AFTER_CHANGES = False
    settings.DOWNLOAD_REST = 0  # downloads rest between batches for the pages' sake, not here
    settings.RELEASES_DIR = tmp_path / "releases"  # each test's releases are its own
    settings.RELEASES_IN_BACKGROUND = False  # made in the request, inside the test's transaction
    # Passwords hashed quickly: the real hasher is slow on purpose, and tests sign in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    ContentType.objects.clear_cache()


@pytest.fixture
def queries_at_sizes(db, settings):
    """queries_at_sizes(build, request) -> {10: n, 200: m}: how many SQL queries `request()`
    makes once `build(size)` has written `size` rows, each size in a savepoint rolled back
    afterwards. The page cache is off, and each count is the second of two requests, so that
    per-process caches (content types, translations) are warm for both sizes."""
    settings.PAGE_CACHE_SECONDS = 0

    def count(build, request, sizes=(10, 200)) -> dict[int, int]:
        counts = {}
        for size in sizes:
            savepoint = transaction.savepoint()
            build(size)
            request()
            with CaptureQueriesContext(connection) as captured:
                response = request()
            assert response.status_code == 200, response.status_code
            counts[size] = len(captured)
            transaction.savepoint_rollback(savepoint)
            # The rollback takes the data version back, and the next size moves it to the same
            # numbers again: what was kept under them describes rows that are gone.
            forget_kept()
            cache.clear()
        return counts

    return count


@pytest.fixture
def built():
    """built(): build the open data files from the data as it is now (make setup does)."""

    def build():
        call_command("build_downloads", force=True, verbosity=0)

    return build
