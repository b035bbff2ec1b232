import datetime

import pytest
from django.core.management import call_command

from figures.models import Figure, Metric, Source
from zones.models import Province, Zone


@pytest.fixture
def documents(db):
    """The source documents' data, loaded the way `make run` loads it."""
    call_command("load_documents", verbosity=0)


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
    return Province.objects.create(code="110000", name="Beijing", name_zh="北京市", region="east")


@pytest.fixture
def zone(province, source):
    return Zone.objects.create(
        kind=Zone.Kind.STIP, name="Test High-tech Zone", province=province, source=source
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
