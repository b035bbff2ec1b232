"""What an attacker would try against every public page, download and API endpoint, in English
and in Chinese (/zh-hans/).

1. Stored XSS: a payload in every text field of every registry model is shown as text. No HTML
   page holds it as markup, JSON stays valid JSON (served as JSON), and the JSON data blocks the
   charts read cannot be closed early.
2. Hostile query parameters (SQL meta-characters, huge, negative and non-numeric numbers,
   floats, empty and 100 KB values, NUL bytes, bytes that are not UTF-8) in every parameter of
   every address: 200 (an empty or explained result) or 400 with the reason, never a 500.
3. No open redirect: the admin's login and logout keep `next` on this site.
4. POSTs without a CSRF token are refused, and the public site takes no POST at all.
5. No spreadsheet download hands a spreadsheet a formula. The open-data package's CSVs are the
   exception the README documents: raw data on purpose, with a warning on the page and in the
   package's LICENSE.txt.

The addresses and their parameters are read from the URLconf, the directories' FilterSets, the
charts' selection forms and the API's router, so a new filter or endpoint is attacked too.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from figures.models import Figure, Metric, Milestone, Source
from incubators.models import Company, Incubator, IncubatorStatistics, ServiceCenter
from innofund.models import Programme, Project
from torchportal.api_urls import router
from torchportal.dashboards import CHARTS
from zones.models import Province, Sector, Zone, ZoneStatistics

REGISTRY_APPS = ("zones", "incubators", "innofund", "figures")
LANGUAGE_PREFIXES = ("", "/zh-hans")

# --- the addresses ------------------------------------------------------------------------------

DIRECTORIES = ["/zones/", "/provinces/", "/incubators/", "/companies/", "/innofund/", "/sources/"]
DIRECTORY_PARAMETERS = ["sort", "page", "per_page", "export"]
# Pages that take no parameter: each is sent a made-up one, and the ones pages might misread.
PLAIN_PAGES = ["/", "/dashboards/", "/downloads/"]
PLAIN_DOWNLOADS = ["/downloads/torch-portal-data.zip", "/downloads/innofund-360giving.csv"]
CHART_FORMATS = ("/", ".json", ".csv")
# URL names that are not public pages, downloads or API endpoints: the admin and the API's
# documentation page, and the load balancers' liveness and readiness checks.
NOT_ATTACKED = {"ping", "healthz", "api-docs"}


def directory_parameters(path: str) -> list[str]:
    view = resolve(path).func.view_class
    return [*view.filterset_class.base_filters, *DIRECTORY_PARAMETERS]


def chart_addresses() -> list[tuple[str, list[str]]]:
    """Every chart's page, JSON and CSV with the fields of its selection (a made-up one for a
    chart without a selection)."""
    return [
        (f"/dashboards/{slug}{suffix}", list(chart.Selection.base_fields) or ["x"])
        for slug, chart in CHARTS.items()
        for suffix in CHART_FORMATS
    ]


def api_endpoints() -> list[tuple[str, type]]:
    return [(prefix, viewset) for prefix, viewset, _basename in router.registry]


def api_list_parameters(viewset) -> list[str]:
    return [*viewset.filterset_class.base_filters, "ordering", "page", "page_size"]


def profile_urls() -> list[str]:
    """One published record's profile of every kind that has one."""
    records = [
        Zone.objects.published().filter(kind="stip").first(),
        Province.objects.first(),
        Incubator.objects.published().first(),
        Company.objects.published().first(),
        ServiceCenter.objects.first(),
        Project.objects.published().first(),
        Programme.objects.first(),
        Source.objects.first(),
    ]
    return [record.get_absolute_url() for record in records if record is not None]


def url_names(patterns=None, namespace="") -> set[str]:
    """Every named address the URLconf serves, with its namespace ("zones:zone_list")."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_public_address_is_attacked(poisoned):
    """The addresses this module attacks are every named address of the URLconf (but the
    admin, the API's documentation page and the health checks), so a new page gets attacked."""
    attacked = set()
    for url in [*DIRECTORIES, *PLAIN_PAGES, *PLAIN_DOWNLOADS, "/search/", *profile_urls()]:
        attacked.add(resolve(url).view_name)
    for url, _parameters in chart_addresses():
        attacked.add(resolve(url).view_name)
    attacked |= {f"api:{basename}-{kind}" for _p, _v, basename in router.registry
                 for kind in ("list", "detail")}  # fmt: skip
    attacked |= {"api:api-root", "api-schema"}
    missing = url_names() - attacked - NOT_ATTACKED
    assert not missing, f"addresses no test attacks: {sorted(missing)}"


# --- 1. stored XSS ------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
SHORT = '"><svg/x>'  # for fields of ten characters
# The longest that fits a field goes in; a URL field gets a valid URL carrying the payload.
PAYLOADS = [f"{IMAGE}{SCRIPT}", SCRIPT, SHORT]
URL_PAYLOAD = f"https://example.com/{IMAGE}{SCRIPT}"
# What must never appear in an HTML page as it is: each payload's markup.
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/x>"]
PUBLISHED = {"publication": "published"}
YEAR = {"precision": "year"}


def poisonable(field) -> bool:
    """A text field a payload can go into: not a choice, a slug or a code with a pattern, which
    validation keeps to their few characters."""
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not isinstance(field, models.SlugField)
        and not any(isinstance(validator, RegexValidator) for validator in field.validators)
    )


def payload_for(field) -> str:
    if isinstance(field, models.URLField):
        return URL_PAYLOAD
    return next(p for p in PAYLOADS if not field.max_length or len(p) <= field.max_length)


def poison(record, **values):
    """Fill every text field of the record (CharField, TextField, URLField) with a payload, then
    validate it as the admin would and save it."""
    for name, value in values.items():
        setattr(record, name, value)
    for field in record._meta.concrete_fields:
        if poisonable(field):
            setattr(record, field.attname, payload_for(field))
    record.full_clean()
    record.save()
    return record


def year(value: int) -> datetime.date:
    return datetime.date(value, 1, 1)


@pytest.fixture
def poisoned(documents):
    """A record of every registry model, published, with a payload in every text field, and tied
    into every chart, profile and headline; the Beijing province (on the tile map, in every
    province filter) and a headline figure of the documents are poisoned too."""
    source = poison(Source(key="xss-source", kind="report", published_on=year(2020),
                           published_precision="year"))  # fmt: skip
    beijing = poison(Province.objects.get(code="110000"), source=source)
    sector = poison(Sector(slug="xss-sector"))
    zone = poison(Zone(slug="xss-zone", kind="stip", province=beijing, source=source,
                       approved_on=year(2001), approved_precision="year", **PUBLISHED))  # fmt: skip
    zone.sectors.add(sector)
    base = poison(Zone(slug="xss-base", kind="specialized_base", province=beijing, parent=zone,
                       source=source, **PUBLISHED))  # fmt: skip
    for number in (2001, 2002):
        poison(ZoneStatistics(zone=zone, year=number, enterprises=10 * number, employees=number,
                              revenue=Decimal(number), source=source))  # fmt: skip
    incubator = poison(Incubator(slug="xss-incubator", kind="tbi", host_zone=zone,
                                 province=beijing, founded_on=year(2000),
                                 founded_precision="year", source=source, **PUBLISHED))  # fmt: skip
    poison(IncubatorStatistics(incubator=incubator, year=2001, tenants=5, source=source))
    company = poison(Company(slug="xss-company", province=beijing, zone=zone, incubator=incubator,
                             listed_exchange="sse", source=source, **PUBLISHED))  # fmt: skip
    center = poison(ServiceCenter(slug="xss-center", kind="productivity_center", province=beijing,
                                  host_zone=zone, source=source))  # fmt: skip
    innofund = Programme.objects.get(slug="innofund")
    programme = poison(Programme(slug="xss-programme", parent=innofund, source=source))
    project = poison(Project(slug="xss-project", programme=programme, company=company,
                             sector=sector, province=beijing, year=2005, amount=Decimal(10**6),
                             source=source, **PUBLISHED))  # fmt: skip
    metric = poison(Metric(key="xss-metric"))
    figure = {"source": source, "metric": metric, **PUBLISHED}
    # The zone shares chart and the zone's profile; the tools chart and the incubator's profile;
    # the tools chart's other figures and the programme's profile; the growth chart (a second
    # report for 2024 draws its own series, named by the source).
    poison(Figure(key="xss-share", topic="stip", unit="percent", value=10, as_of_on=year(2024),
                  as_of_precision="year", zone=zone, **figure))  # fmt: skip
    poison(Figure(key="xss-count", topic="tbi", unit="count", value=100, incubator=incubator,
                  **figure))  # fmt: skip
    poison(Figure(key="xss-amount", topic="tbi", unit="cny", value=10**9, programme=programme,
                  **figure))  # fmt: skip
    poison(Figure(key="xss-growth", topic="stip", unit="count", value=178, as_of_on=year(2024),
                  as_of_precision="year", **{**figure, "metric": Metric.objects.get(
                      key="national-stips")}))  # fmt: skip
    poison(Figure.objects.get(key="tbis-count"), source=source, metric=metric)  # a headline
    poison(Milestone(key="xss-milestone", topic="stip", zone=zone, happened_on=year(2001),
                     happened_precision="year", source=source))  # fmt: skip
    return {
        "source": source, "province": beijing, "zone": zone, "base": base,
        "incubator": incubator, "company": company, "center": center, "programme": programme,
        "innofund": innofund, "project": project, "sector": sector,
    }  # fmt: skip


def test_every_text_field_of_every_registry_model_is_poisoned(poisoned):
    """The fixture leaves no registry model and no text field out."""
    for label in REGISTRY_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in filter(poisonable, model._meta.concrete_fields):
                records = model._default_manager.filter(**{field.name: payload_for(field)})
                assert records.exists(), f"{model.__name__}.{field.name}"


# Selections that show the poisoned records in every chart.
CHART_SELECTIONS = {
    "zone-growth": ["kind=stip"],
    "zones-by-place": ["kind=stip&by=province", "kind=&by=region"],
    "zone-shares": [""],
    "program-tools": ["", "tool=incubators"],
    "innofund-grants": ["by=year", "by=sector", "by=province", "by=programme&measure=amount"],
    "zone-statistics": ["zone=xss-zone", "province=beijing&view=growth"],
}
SCRIPT_TAG = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def poisoned_pages(records: dict) -> list[str]:
    """Every page, chart and download that shows the poisoned records."""
    assert set(CHART_SELECTIONS) == set(CHARTS)
    return [
        "/", "/search/?q=alert", "/dashboards/", "/downloads/",
        *DIRECTORIES, *[f"{path}?q=alert" for path in DIRECTORIES],
        f"/zones/?province={records['province'].slug}&sector=xss-sector",
        *[record.get_absolute_url() for record in records.values()
          if hasattr(record, "get_absolute_url")],
        *[f"/dashboards/{slug}{suffix}?{query}" for slug, queries in CHART_SELECTIONS.items()
          for query in queries for suffix in CHART_FORMATS],
        *PLAIN_DOWNLOADS,
        *[f"{path}?q=alert&export={kind}" for path in DIRECTORIES for kind in ("csv", "xlsx")],
    ]  # fmt: skip


def poisoned_record(model):
    field = next(filter(poisonable, model._meta.concrete_fields))
    return model._default_manager.filter(**{field.name: payload_for(field)}).first()


def poisoned_api_urls() -> list[str]:
    urls = ["/api/v1/", "/api/schema/", "/api/schema/?format=json"]
    for prefix, viewset in api_endpoints():
        record = poisoned_record(viewset.queryset.model)
        urls += [f"/api/v1/{prefix}/?page_size=500", f"/api/v1/{prefix}/?q=alert",
                 f"/api/v1/{prefix}/{getattr(record, viewset.lookup_field)}/"]  # fmt: skip
    return urls


def markup_problems(url: str, response) -> list[str]:
    """What in a response would let a payload run: markup in HTML, a script that is not a JSON
    data block, a data block a payload could close, JSON that is not JSON or not served as it."""
    if response.status_code != 200:
        return [f"{url}: status {response.status_code}"]
    return body_problems(url, response)


def body_problems(url: str, response) -> list[str]:
    content_type = response.get("Content-Type", "")
    if "spreadsheet" in content_type or "zip" in content_type:
        return []
    body = response.content.decode("utf-8-sig")
    problems = []
    if content_type.startswith("text/html"):
        problems += [f"{url}: {marker} as markup" for marker in MARKUP if marker in body]
        for attributes, content in SCRIPT_TAG.findall(body):
            if "application/json" not in attributes:
                if content.strip():
                    problems.append(f"{url}: an inline script")
                continue
            if "<" in content:
                problems.append(f"{url}: a JSON data block holds '<'")
            json.loads(content)
    elif "json" in content_type:
        json.loads(body)
    elif content_type.startswith("text/csv"):
        if not response.get("Content-Disposition", "").startswith("attachment"):
            problems.append(f"{url}: a CSV shown in the browser")
    elif not content_type.startswith("application/vnd.oai.openapi"):
        problems.append(f"{url}: unexpected content type {content_type}")
    return problems


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_stored_payloads_show_as_text_on_every_page(client, poisoned, language):
    problems, shown = [], 0
    for url in poisoned_pages(poisoned):
        response = client.get(f"{language}{url}")
        problems += markup_problems(f"{language}{url}", response)
        shown += "alert(1)" in response.content.decode("utf-8", "replace")
    assert not problems, "\n".join(problems)
    assert shown > 50  # the payloads are there, as text


@pytest.mark.parametrize("accept_language", ["en", "zh-hans"])
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_stored_payloads_stay_data_in_the_api(client, poisoned, accept, accept_language):
    """JSON is valid JSON with the payload as a string; the browsable API escapes it."""
    problems = []
    for url in poisoned_api_urls():
        # The schema is served as OpenAPI (YAML or JSON) whatever the client asks for.
        headers = {} if url.startswith("/api/schema/") else {"HTTP_ACCEPT": accept}
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language, **headers)
        problems += markup_problems(url, response)
        if accept == "application/json" and url.startswith("/api/v1/") and url != "/api/v1/":
            assert "alert(1)" in json.dumps(response.json(), ensure_ascii=False), url
    assert not problems, "\n".join(problems)


def test_text_in_urls_cannot_be_a_link_to_script(poisoned):
    """Addresses an administrator enters must be web addresses: javascript: and data: are
    refused, so no profile links to a script."""
    zone = poisoned["zone"]
    for address in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                    "JaVaScRiPt:alert(1)", " javascript:alert(1)"]:  # fmt: skip
        zone.website = address
        with pytest.raises(ValidationError):
            zone.full_clean()


# --- 2. hostile query parameters ----------------------------------------------------------------

# Raw query-string values, percent-encoded as a client would send them (or not: %ff%fe is not
# UTF-8, %00 a NUL byte).
HOSTILE_VALUES = {
    "sql-or": quote("' OR 1=1 --"),
    "sql-drop": quote('"; DROP TABLE x; --'),
    "percent": "%25",
    "underscore": "_",
    "backslash": "%5C",
    "10**30": str(10**30),
    "huge": "9999999999999999999999",
    "negative": "-1",
    "huge-negative": f"-{10**30}",
    "zero": "0",
    "float": "1.5",
    "exponent": "1e3",
    "not-a-number": "abc",
    "empty": "",
    "blank": "%20",
    "100-KB-text": "a" * 100_000,
    "100-KB-number": "9" * 100_000,
    "nul": "%00",
    "nul-inside": "stip%00x",
    "not-utf-8": "%ff%fe",
    "other-digits": quote("١٢"),
    "chinese": quote("北京"),
    "xss": quote(f"{IMAGE}{SCRIPT}"),
}


# Each value goes into every parameter of an address at once (forms validate every field, so
# each parameter is read), plus the same parameters given twice (the second one hostile).
REPEATED = "repeated"


def page_targets() -> list[tuple[str, str, list[str]]]:
    """Every page and download of the portal (in English; the test adds the Chinese address):
    (address, fixed query, the parameters it reads). A directory's `export` is attacked on its
    own, as a bad format is refused before anything else is read."""
    targets = []
    for path in DIRECTORIES:
        parameters = [name for name in directory_parameters(path) if name != "export"]
        targets += [(path, "", parameters), (path, "export=csv", parameters),
                    (path, "export=xlsx", parameters), (path, "", ["export"])]  # fmt: skip
    targets += [(url, "", parameters) for url, parameters in chart_addresses()]
    targets.append(("/search/", "", ["q", "page"]))
    return targets


# Pages that read no parameter get a made-up one and the ones pages might misread, with the
# values most likely to upset a server (the rest would only repeat the same page).
FEW_VALUES = ["sql-or", "10**30", "100-KB-number", "nul", "not-utf-8", "xss"]


def plain_targets() -> list[tuple[str, str, list[str]]]:
    return [(url, "", ["x", "page", "q", "sort"]) for url in
            [*PLAIN_PAGES, *PLAIN_DOWNLOADS, *profile_urls()]]  # fmt: skip


def api_targets() -> list[tuple[str, str, list[str]]]:
    """Every API address with the parameters it reads. A list's filters are validated
    together; a bad one is refused before ordering and pagination are read, and a bad format
    before anything, so those are attacked on their own."""
    targets = [("/api/v1/", "", ["x"])]
    for prefix, viewset in api_endpoints():
        url = f"/api/v1/{prefix}/"
        targets.append((url, "", list(viewset.filterset_class.base_filters)))
        targets += [(url, "", [name]) for name in ("ordering", "page", "page_size", "format")]
    return targets


def hostile_queries(fixed: str, parameters: list[str], values=HOSTILE_VALUES):
    for name in values:
        value = HOSTILE_VALUES[name]
        yield name, "&".join([*filter(None, [fixed]), *(f"{p}={value}" for p in parameters)])
    yield REPEATED, "&".join([*filter(None, [fixed]),
                              *(f"{p}=1&{p}={HOSTILE_VALUES['sql-or']}" for p in parameters)])  # fmt: skip


def hostile_requests(
    client, url: str, fixed: str, parameters: list[str], values=HOSTILE_VALUES, **headers
) -> list[str]:
    """Each hostile value in the parameters; what went wrong, if anything."""
    problems = []
    for name, query in hostile_queries(fixed, parameters, values):
        response = client.get(url, QUERY_STRING=query, **headers)
        status, where = response.status_code, f"{url}?{fixed}&{','.join(parameters)}=<{name}>"
        if status not in (200, 400):
            problems.append(f"{where}: {status}")
        elif status == 400 and "json" in response.get("Content-Type", ""):
            if not any(parameter in response.content.decode() for parameter in parameters):
                problems.append(f"{where}: a 400 that names no parameter")
        else:
            problems += body_problems(where, response)
    return problems


@pytest.fixture
def attacker(db):
    """A client that gets a server error as the 500 a visitor would see, not as an exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(("url", "fixed", "parameters"), page_targets())
def test_hostile_parameters_on_pages(attacker, documents, language, url, fixed, parameters):
    problems = hostile_requests(attacker, f"{language}{url}", fixed, parameters)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_hostile_parameters_on_pages_that_read_none(attacker, poisoned, language):
    problems = []
    for url, fixed, parameters in plain_targets():
        problems += hostile_requests(attacker, f"{language}{url}", fixed, parameters, FEW_VALUES)
    assert not problems, "\n".join(problems)


def test_hostile_parameters_for_the_api_schema(attacker, documents):
    """The schema takes ?lang= (its descriptions' language); it is made afresh each time, so it
    gets the few values most likely to upset it."""
    problems = hostile_requests(attacker, "/api/schema/", "", ["lang"], FEW_VALUES)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("accept_language", ["en", "zh-hans"])
@pytest.mark.parametrize(("url", "fixed", "parameters"), api_targets())
def test_hostile_parameters_in_the_api(
    attacker, documents, accept_language, url, fixed, parameters
):
    problems = hostile_requests(
        attacker, url, fixed, parameters, HTTP_ACCEPT_LANGUAGE=accept_language
    )
    assert not problems, "\n".join(problems)


HOSTILE_KEYS = ["%00", "x%00y", "%ff%fe", quote("' OR 1=1 --", safe=""), str(10**30), "-1",
                "1.5", "9" * 5000, quote(SCRIPT, safe="")]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_hostile_keys_in_profile_and_chart_addresses_are_not_found(attacker, poisoned, language):
    problems = []
    for url in [*profile_urls(), "/dashboards/zone-growth/", "/dashboards/zone-growth.json"]:
        for key in HOSTILE_KEYS:
            hostile = re.sub(r"[^/.]+(?=[/.][a-z]*$)", key, url, count=1)
            response = attacker.get(f"{language}{hostile}")
            if response.status_code != 404:
                problems.append(f"{language}{hostile[:80]}: {response.status_code}")
            problems += body_problems(hostile[:80], response)
    assert not problems, "\n".join(problems)


def test_hostile_keys_in_api_details_are_not_found(attacker, documents):
    problems = []
    for prefix, _viewset in api_endpoints():
        for key in HOSTILE_KEYS:
            url = f"/api/v1/{prefix}/{key}/"
            response = attacker.get(url)
            # 1.5 reads as the key 1 in the format 5 (/api/v1/zones/1.json is the zone 1 in
            # JSON): a bad request that names the format.
            if response.status_code != (400 if key == "1.5" else 404):
                problems.append(f"{url[:60]}: {response.status_code}")
            problems += body_problems(url[:60], response)
    assert not problems, "\n".join(problems)
