import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from figures.models import Figure, Metric, Source
from zones.models import Province, Zone


@pytest.fixture(scope="module")
def _documents_for_module(django_db_setup, django_db_blocker):
    """Load the documents once per test module, inside a transaction rolled back at its end:
    loading validates every record and takes a second or two. Each test still runs in its own
    savepoint, so what one test changes the next does not see."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        call_command("load_documents", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def documents(_documents_for_module, db):
    """The source documents' data, loaded the way `make run` loads it. Once a test of a module
    asks for it, the rest of that module's tests see it too."""


@pytest.fixture
def source(db):
    return Source.objects.create(
        key="test-source",
        title="Test yearbook",
        publisher="Test publisher",
        kind=Source.Kind.REPORT,
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
def fresh_caches(settings, monkeypatch):
    """Each test starts with empty caches: the API's throttle counts (tested on their own, a
    generous rate elsewhere), and content types a rolled-back test may have cached; and in
    English (a request for a Chinese page leaves Chinese active in the thread)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.utils import translation

    translation.activate("en")
    monkeypatch.setattr("core.cache._cache_down_until", 0.0)  # no outage carried over

    settings.API_ANON_RATE = "100000/minute"
    cache.clear()
    ContentType.objects.clear_cache()
