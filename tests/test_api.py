"""The read-only API's contract, its schema, a fuzz run over it, and the bulk downloads."""

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings

from figures.models import Figure, Metric
from incubators.models import Company
from innofund.models import Programme, Project
from zones.models import Zone

PUBLISHED = {"publication": "published"}

ENDPOINTS = {
    "provinces": "beijing",
    "sectors": "software",
    "zones": "zhongguancun-science-park",
    "incubators": "wuhan-east-lake-innovation-center",
    "companies": "suntech-power",
    "programmes": "innofund",
    "sources": "brochure-torch-center-2007",
    "figures": "tbis-count",
    "milestones": "torch-program-approved-1988",
}


@pytest.mark.parametrize(("endpoint", "key"), ENDPOINTS.items())
def test_every_endpoint_lists_and_details(client, documents, endpoint, key):
    listing = client.get(f"/api/v1/{endpoint}/").json()
    assert set(listing) == {"count", "next", "previous", "results"}
    assert listing["count"] >= 1 and listing["results"][0]["url"].startswith("http")
    detail = client.get(f"/api/v1/{endpoint}/{key}/")
    assert detail.status_code == 200, detail.content
    assert detail.json()["id"]


def test_a_zone_in_full_and_in_the_compact_list(client, documents):
    zone = client.get("/api/v1/zones/zhongguancun-science-park/").json()
    # The brochure's May 1988, to the day as later sources give it (10 May).
    assert zone["approved"] == "1988-05-10" and zone["kind"] == "stip"
    assert (
        zone["province"]["code"]
        if "code" in zone["province"]
        else zone["province"]["slug"] == "beijing"
    )
    assert zone["province"]["url"].endswith("/api/v1/provinces/beijing/")
    assert zone["source"]["key"] == "brochure-torch-center-2007"
    assert zone["profile"].endswith("/zones/zhongguancun-science-park/")
    listed = client.get("/api/v1/zones/?q=Zhongguancun").json()["results"][0]
    assert "notes" not in listed and "source" not in listed and listed["slug"] == zone["slug"]


def test_figures_carry_qualifier_date_and_source(client, documents):
    figure = client.get("/api/v1/figures/innofund-applications/").json()
    assert (figure["value"], figure["qualifier"], figure["shown"]) == (
        "30000.0000", "more_than", "more than 30,000",
    )  # fmt: skip
    assert figure["source"]["key"] == "brochure-torch-center-2007" and figure["quote"]


@pytest.mark.parametrize(
    ("query", "at_least"),
    [
        ("kind=stip", 54),
        ("kind=stip&province=guangdong", 6),
        ("region=northeast&kind=stip", 7),
        ("q=广东", 6),
        ("approved_from=1988&approved_to=1988", 1),
    ],
)
def test_zones_filter_as_the_directory_does(client, documents, query, at_least):
    directory = client.get(f"/zones/?{query}").context["table"].paginator.count
    assert client.get(f"/api/v1/zones/?{query}").json()["count"] == directory >= at_least


def test_ordering_and_pagination(client, documents):
    stips = Zone.objects.published().filter(kind="stip")
    first = client.get("/api/v1/zones/?kind=stip&ordering=-name&page_size=5").json()
    expected = list(stips.order_by("-name").values_list("name", flat=True)[:5])
    assert [zone["name"] for zone in first["results"]] == expected
    assert "page=2" in first["next"]
    pages = -(-stips.count() // 5)
    last = client.get(f"/api/v1/zones/?kind=stip&page_size=5&page={pages}").json()
    assert len(last["results"]) == stips.count() - 5 * (pages - 1) and last["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=9999", "page"),
        ("page_size=100000", "page_size"),
        ("page_size=-1", "page_size"),
        ("province=atlantis", "province"),
        ("approved_from=soon", "approved_from"),
        ("kind=volcano", "kind"),
        ("ordering=bogus", "ordering"),
        ("page=²", "page"),
        ("page_size=²", "page_size"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, documents, query, field):
    response = client.get(f"/api/v1/zones/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_drafts_are_hidden(client, documents, province):
    Zone.objects.create(kind="stip", name="Draft Zone", province=province)
    company = Company.objects.create(name="Draft Company", province=province)
    Project.objects.create(name="Grant", programme=Programme.objects.get(slug="innofund"),
                           company=company, year=2004, publication="published")  # fmt: skip
    assert client.get("/api/v1/zones/?q=Draft").json()["count"] == 0
    assert client.get("/api/v1/zones/draft-zone/").status_code == 404
    assert client.get("/api/v1/companies/draft-company/").status_code == 404
    project = client.get("/api/v1/projects/grant/").json()
    assert project["company"] is None  # the recipient is still a draft


def test_clients_can_cache(client, documents):
    first = client.get("/api/v1/zones/zhongguancun-science-park/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/api/v1/zones/zhongguancun-science-park/",
                      headers={"If-None-Match": first["ETag"]}).status_code == 304  # fmt: skip
    assert client.get("/api/v1/zones/zhongguancun-science-park/",
                      headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304  # fmt: skip
    listing = client.get("/api/v1/zones/?kind=stip")
    assert "Last-Modified" not in listing  # a record leaving the list would not move its date
    assert client.get("/api/v1/zones/?kind=stip",
                      headers={"If-None-Match": listing["ETag"]}).status_code == 304  # fmt: skip


def test_anonymous_use_is_throttled(client, documents, settings):
    settings.API_ANON_RATE = "3/minute"
    codes = [client.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize("endpoint", ["zones", "companies", "projects", "figures"])
def test_list_queries_are_the_same_at_10_and_200_rows(
    client, province, source, endpoint, queries_at_sizes
):
    def build(rows):
        zone = Zone.objects.create(kind="stip", name="Hub", province=province, **PUBLISHED)
        Zone.objects.bulk_create(
            Zone(kind="stip", name=f"Zone {n}", slug=f"zone-{n}", province=province,
                 source=source, **PUBLISHED)
            for n in range(rows)
        )  # fmt: skip
        company = Company.objects.create(name="Hub Co", province=province, zone=zone, **PUBLISHED)
        Company.objects.bulk_create(
            Company(name=f"Co {n}", slug=f"co-{n}", zone=zone, province=province, **PUBLISHED)
            for n in range(rows)
        )
        programme = Programme.objects.create(name="Innofund", short_name="Innofund")
        Project.objects.bulk_create(
            Project(name=f"Project {n}", slug=f"project-{n}", programme=programme,
                    company=company, year=2000, **PUBLISHED)
            for n in range(rows)
        )  # fmt: skip
        metric = Metric.objects.create(key="tenants", name="Tenants")
        Figure.objects.bulk_create(
            Figure(key=f"figure-{n}", source=source, metric=metric, topic="stip", zone=zone,
                   value=n, unit="count", quote="words", **PUBLISHED)
            for n in range(rows)
        )  # fmt: skip

    counts = queries_at_sizes(build, lambda: client.get(f"/api/v1/{endpoint}/?page_size=500"))
    assert counts[10] == counts[200], counts


def test_the_schema_is_valid_openapi_3_and_documented(client):
    schema = client.get("/api/schema/?format=json").json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/zones/", "/api/v1/zones/{slug}/", "/api/v1/figures/{key}/"} <= set(
        schema["paths"]
    )
    docs = client.get("/api/docs/", headers={"Accept": "text/html"}).getvalue().decode()
    assert "swagger" in docs.lower() and "cdn" not in docs and "unpkg" not in docs


# A fuzz run: schemathesis makes requests from the schema (odd filters, pages, keys) and none
# may get a server error.
fuzz = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
application = get_wsgi_application()


@pytest.fixture
def in_process_requests():
    """Requests made straight to the WSGI application must keep the test's database connection
    (and its transaction) open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@fuzz.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)  # fmt: skip
def test_no_request_makes_a_server_error(case, documents, in_process_requests):
    response = case.call(app=application)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"


# --- bulk downloads ------------------------------------------------------------------------------

PARSERS = {
    "integer": int,
    "number": Decimal,
    "boolean": lambda value: {"true": True, "false": False}[value],
    "date": date.fromisoformat,
    "datetime": datetime.fromisoformat,
    "string": str,
}


def test_the_data_package_describes_its_csvs(client, documents, built):
    built()
    response = client.get("/downloads/torch-portal-data.zip")
    assert response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    descriptor = json.loads(package.read("datapackage.json"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "LICENSE.txt" in package.namelist()
    assert any("SCIO briefing" in source["title"] for source in descriptor["sources"])
    for resource in descriptor["resources"]:
        rows = list(csv.reader(io.StringIO(package.read(resource["path"]).decode("utf-8"))))
        fields = resource["schema"]["fields"]
        assert rows[0] == [field["name"] for field in fields], resource["name"]
        for row in rows[1:]:
            for value, field in zip(row, fields, strict=True):
                assert field["description"]
                if value == "":
                    continue
                PARSERS[field["type"]](value)  # raises when the cell is not of its type
                pattern = field.get("constraints", {}).get("pattern")
                assert not pattern or re.match(pattern, value), (resource["name"], field, value)
    zones = list(csv.DictReader(io.StringIO(package.read("data/zones.csv").decode("utf-8"))))
    assert len(zones) == Zone.objects.published().count() > 57
    first = next(zone for zone in zones if zone["list_number"] == "1")
    assert (first["province"], first["approved"], first["source"]) == (
        "110000", "1988-05-10", "brochure-torch-center-2007",
    )  # fmt: skip
    figures = list(csv.DictReader(io.StringIO(package.read("data/figures.csv").decode("utf-8"))))
    assert {"value", "unit", "qualifier", "as_of", "source", "locator", "quote"} <= set(figures[0])


def test_grants_in_the_360giving_columns(client, documents, province, built):
    company = Company.objects.create(name="Solar Co", province=province, publication="published")
    Project.objects.create(name="Solar cells", programme=Programme.objects.get(slug="roadmap-scheme"),
                           company=company, year=2005, amount=Decimal("1500000"),
                           publication="published")  # fmt: skip
    built()
    content = client.get("/downloads/innofund-360giving.csv").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0])[:6] == ["Identifier", "Title", "Description", "Currency",
                                 "Amount Awarded", "Award Date"]  # fmt: skip
    assert rows[0]["Identifier"] == "360G-torchportal-project-solar-cells"
    assert (rows[0]["Amount Awarded"], rows[0]["Award Date"]) == ("1500000.00", "2005")
    assert rows[0]["Recipient Org:Name"] == "Solar Co"
    assert rows[0]["Funding Org:Name"] == "Innovation Fund for Tech-based SMEs (Innofund)"
    assert rows[0]["Grant Programme:Title"] == "Roadmap Scheme for Growth of Tech-based SMEs"
    assert rows[0]["Beneficiary Location:Name"] == "Beijing"


def test_quick_serializers_write_what_drf_writes(documents, rf):
    """Every endpoint's records, list and detail, written the direct way are exactly what
    Django REST framework's ModelSerializer writes for them."""
    from rest_framework import serializers

    from core.registry import entries

    request = rf.get("/api/v1/")
    for entry in entries():
        viewset = entry.api_viewset
        if viewset is None:
            continue
        for serializer_class in {viewset.serializer_class, viewset.list_serializer_class} - {None}:
            for record in viewset.queryset.all()[:30]:
                quick = serializer_class(record, context={"request": request})
                drf = serializers.ModelSerializer.to_representation(quick, record)
                assert quick.data == drf, (entry.name, serializer_class.__name__)
