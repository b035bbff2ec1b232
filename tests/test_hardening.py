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
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from functools import partial
from urllib.parse import quote, urlsplit

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from dashboards.charts import CHARTS
from figures.models import Claim, Figure, Metric, Milestone, Source
from incubators.models import Company, Incubator, IncubatorStatistics, ServiceCenter
from innofund.models import Programme, Project
from portal.releases import make_release
from torchportal.api import router
from zones.models import Province, Sector, Zone, ZoneStatistics

REGISTRY_APPS = ("zones", "incubators", "innofund", "figures")
LANGUAGE_PREFIXES = ("", "/zh-hans")

# --- the addresses ------------------------------------------------------------------------------

DIRECTORIES = ["/zones/", "/provinces/", "/incubators/", "/companies/", "/innofund/", "/sources/"]
DIRECTORY_PARAMETERS = ["sort", "page", "per_page", "export"]
# Pages that take no parameter: each is sent a made-up one, and the ones pages might misread.
PLAIN_PAGES = ["/", "/dashboards/", "/downloads/"]
PLAIN_DOWNLOADS = ["/downloads/torch-portal-data.zip", "/downloads/innofund-360giving.csv"]
# Release 2 (the `poisoned` fixture makes it) names the poisoned records among its changes.
RELEASES = ["/downloads/releases/", "/downloads/releases/2/",
            "/downloads/releases/2/torch-portal-data-release-2.zip"]  # fmt: skip
CHART_FORMATS = ("/", "/embed/", ".json", ".csv")
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
    targets = [*page_targets(), *plain_targets(), *api_targets()]
    urls = [url for url, _fixed, _parameters in targets] + poisoned_api_urls()
    attacked = {resolve(urlsplit(url).path).view_name for url in urls}
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


def poison(record, fill, **values):
    """Fill every text field of the record (CharField, TextField, URLField) with a payload
    (`fill(field, position)` gives it; None leaves the field as it is), then validate the record
    as the admin would and save it."""
    for name, value in values.items():
        setattr(record, name, value)
    for position, field in enumerate(filter(poisonable, record._meta.concrete_fields)):
        value = fill(field, position)
        if value is not None:
            setattr(record, field.attname, value)
    record.full_clean()
    record.save()
    return record


def year(value: int) -> datetime.date:
    return datetime.date(value, 1, 1)


def build_poisoned(fill) -> dict:
    """A record of every registry model, published, with a payload in every text field, and tied
    into every chart, profile and headline; the Beijing province (on the tile map, in every
    province filter) and a headline figure of the documents are poisoned too."""
    fill_in = partial(poison, fill=fill)
    source = fill_in(
        Source(
            key="xss-source",
            kind="report",
            trust="low",
            published_on=year(2020),
            published_precision="year",
        )  # fmt: skip
    )
    beijing = fill_in(Province.objects.get(code="110000"), source=source)
    sector = fill_in(Sector(slug="xss-sector"))
    zone = fill_in(
        Zone(
            slug="xss-zone",
            kind="stip",
            province=beijing,
            source=source,
            approved_on=year(2001),
            approved_precision="year",
            **PUBLISHED,
        )
    )
    zone.sectors.add(sector)
    base = fill_in(
        Zone(
            slug="xss-base",
            kind="specialized_base",
            province=beijing,
            parent=zone,
            source=source,
            **PUBLISHED,
        )
    )
    for number in (2001, 2002):
        fill_in(
            ZoneStatistics(
                zone=zone,
                year=number,
                enterprises=10 * number,
                employees=number,
                revenue=Decimal(number),
                source=source,
            )
        )
    incubator = fill_in(
        Incubator(
            slug="xss-incubator",
            kind="tbi",
            host_zone=zone,
            province=beijing,
            founded_on=year(2000),
            founded_precision="year",
            source=source,
            **PUBLISHED,
        )
    )
    fill_in(IncubatorStatistics(incubator=incubator, year=2001, tenants=5, source=source))
    company = fill_in(
        Company(
            slug="xss-company",
            province=beijing,
            zone=zone,
            incubator=incubator,
            listed_exchange="sse",
            source=source,
            **PUBLISHED,
        )
    )
    center = fill_in(
        ServiceCenter(
            slug="xss-center",
            kind="productivity_center",
            province=beijing,
            host_zone=zone,
            source=source,
        )
    )
    innofund = Programme.objects.get(slug="innofund")
    programme = fill_in(Programme(slug="xss-programme", parent=innofund, source=source))
    project = fill_in(
        Project(
            slug="xss-project",
            programme=programme,
            company=company,
            sector=sector,
            province=beijing,
            year=2005,
            amount=Decimal(10**6),
            source=source,
            **PUBLISHED,
        )
    )
    metric = fill_in(Metric(key="xss-metric"))
    figure = {"source": source, "metric": metric, **PUBLISHED}
    # The zone shares chart and the zone's profile; the tools chart and the incubator's profile;
    # the tools chart's other figures and the programme's profile; the growth chart (a second
    # report for 2024 draws its own series, named by the source).
    fill_in(
        Figure(
            key="xss-share",
            topic="stip",
            unit="percent",
            value=10,
            as_of_on=year(2024),
            as_of_precision="year",
            zone=zone,
            **figure,
        )
    )
    fill_in(
        Figure(key="xss-count", topic="tbi", unit="count", value=100, incubator=incubator, **figure)
    )
    fill_in(
        Figure(
            key="xss-amount", topic="tbi", unit="cny", value=10**9, programme=programme, **figure
        )
    )
    fill_in(
        Figure(
            key="xss-growth",
            topic="stip",
            unit="count",
            value=178,
            as_of_on=year(2024),
            as_of_precision="year",
            **{**figure, "metric": Metric.objects.get(key="national-stips")},
        )
    )
    fill_in(Figure.objects.get(key="tbis-count"), source=source, metric=metric)  # a headline
    fill_in(
        Milestone(
            key="xss-milestone",
            topic="stip",
            zone=zone,
            happened_on=year(2001),
            happened_precision="year",
            source=source,
            **PUBLISHED,
        )
    )
    # A doubted claim settles nothing: the zone keeps its own poisoned Chinese name.
    fill_in(Claim(key="xss-claim", zone=zone, field="name_zh", standing="doubted", source=source,
                  **PUBLISHED))  # fmt: skip
    return {
        "source": source,
        "province": beijing,
        "zone": zone,
        "base": base,
        "incubator": incubator,
        "company": company,
        "center": center,
        "programme": programme,
        "innofund": innofund,
        "project": project,
        "sector": sector,
    }


@pytest.fixture
def poisoned(documents, built):
    make_release()  # release 1: the documents' data
    records = build_poisoned(lambda field, position: payload_for(field))
    built()  # the open data files, made from the poisoned records
    make_release()  # release 2, whose changes name them
    return records


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
        *PLAIN_DOWNLOADS, *RELEASES,
        *[f"{path}?q=alert&export={kind}" for path in DIRECTORIES for kind in ("csv", "xlsx")],
        "/changes/", "/changes/feed.atom", *[f"{path}feed.atom?q=alert" for path in DIRECTORIES],
        *[f"{record.get_absolute_url()}feed.atom" for record in records.values()
          if hasattr(record, "get_absolute_url")],
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
    body = response.getvalue().decode("utf-8-sig")
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
    elif content_type.startswith("application/atom+xml"):
        # Valid XML; an entry's summary is HTML a feed reader shows: no payload as markup in it.
        for summary in ET.fromstring(body).iter("{http://www.w3.org/2005/Atom}summary"):
            problems += [f"{url}: {marker} as markup in a feed" for marker in MARKUP
                         if marker in (summary.text or "")]  # fmt: skip
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
        shown += "alert(1)" in response.getvalue().decode("utf-8", "replace")
    assert not problems, "\n".join(problems)
    assert shown > 50  # the payloads are there, as text


@pytest.mark.parametrize(
    ("accept", "accept_language"),
    [("application/json", "en"), ("application/json", "zh-hans"), ("text/html", "en")],
)
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
    "zero": "0",
    "float": "1.5",
    "not-a-number": "abc",
    "empty": "",
    # 100 KB of digits: too long a text, too many digits for any number (and for Python to read).
    "100-KB": "9" * 100_000,
    "5-KB": "9" * 5_000,  # the same, for Chinese pages: their messages, not their size
    "nul": "%00",
    "not-utf-8": "%ff%fe",
    "other-digits": quote("١٢"),
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
    # The recent changes and the feeds: the registry's, and each directory's with its filters.
    targets += [("/changes/", "", ["kind", "page"]), ("/changes/feed.atom", "", ["kind"])]
    targets += [(f"{path}feed.atom", "", directory_parameters(path)) for path in DIRECTORIES]
    return targets


# Chinese pages differ from English ones in their words: they get the values that bring out
# every kind of message (a bad choice, not a number, too small, too large, too long, a NUL, a
# byte that is not UTF-8) and the ones echoed back into the page.
CHINESE_VALUES = ["sql-or", "not-a-number", "negative", "10**30", "5-KB", "nul",
                  "not-utf-8", "empty", "xss", REPEATED]  # fmt: skip
# Pages that read no parameter get a made-up one and the ones pages might misread, with the
# values most likely to upset a server (the rest would only repeat the same page).
FEW_VALUES = ["sql-or", "100-KB", "nul", "not-utf-8", "xss"]


def plain_targets() -> list[tuple[str, str, list[str]]]:
    return [(url, "", ["x", "page", "q", "sort"]) for url in
            [*PLAIN_PAGES, *PLAIN_DOWNLOADS, *RELEASES, *profile_urls(),
             *[f"{url}feed.atom" for url in profile_urls()]]]  # fmt: skip


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


def hostile_queries(fixed: str, parameters: list[str], values):
    for name in values:
        if name == REPEATED:  # the parameters twice, the second time hostile
            pairs = [f"{p}=1&{p}={HOSTILE_VALUES['sql-or']}" for p in parameters]
        else:
            pairs = [f"{p}={HOSTILE_VALUES[name]}" for p in parameters]
        yield name, "&".join([*filter(None, [fixed]), *pairs])


def hostile_requests(client, url: str, fixed: str, parameters: list[str], values, **headers):
    """Each hostile value in the parameters; what went wrong, if anything."""
    problems = []
    for name, query in hostile_queries(fixed, parameters, values):
        response = client.get(url, QUERY_STRING=query, **headers)
        status, where = response.status_code, f"{url}?{fixed}&{','.join(parameters)}=<{name}>"
        if status == 414 and len(query.encode()) > settings.MAX_QUERY_STRING_BYTES:
            if len(response.content) > 1000:
                problems.append(f"{where}: a 414 page of {len(response.content):,} bytes")
            continue
        if status not in (200, 400):
            problems.append(f"{where}: {status}")
        elif status == 400 and "json" in response.get("Content-Type", ""):
            if not any(parameter in response.getvalue().decode() for parameter in parameters):
                problems.append(f"{where}: a 400 that names no parameter")
        else:
            problems += body_problems(where, response)
    return problems


@pytest.fixture
def attacker(db):
    """A client that gets a server error as the 500 a visitor would see, not as an exception."""
    return Client(raise_request_exception=False)


def page_attacks():
    """Every page target in English, and in Chinese but for the directories' downloads (whose
    language is only their column headings)."""
    for url, fixed, parameters in page_targets():
        yield pytest.param("", url, fixed, parameters, id=f"{url}?{fixed}{parameters[0]}")
        if not fixed and parameters != ["export"]:
            yield pytest.param("/zh-hans", url, fixed, parameters, id=f"/zh-hans{url}?{fixed}")


@pytest.mark.parametrize(("language", "url", "fixed", "parameters"), page_attacks())
def test_hostile_parameters_on_pages(attacker, documents, language, url, fixed, parameters):
    english = [name for name in HOSTILE_VALUES if name != "5-KB"]
    values = CHINESE_VALUES if language else [*english, REPEATED]
    problems = hostile_requests(attacker, f"{language}{url}", fixed, parameters, values)
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
    values = ["5-KB", "nul", "not-utf-8"]
    problems = hostile_requests(attacker, "/api/schema/", "", ["lang"], values)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("url", "fixed", "parameters"), api_targets())
def test_hostile_parameters_in_the_api(attacker, documents, url, fixed, parameters):
    """In English, and with the filters' messages in Chinese (the API follows Accept-Language;
    its own messages on ordering, pages and format are English), and in the browsable API."""
    english = [name for name in HOSTILE_VALUES if name != "5-KB"]
    problems = hostile_requests(attacker, url, fixed, parameters, [*english, REPEATED])
    if len(parameters) > 1:
        problems += hostile_requests(
            attacker, url, fixed, parameters, CHINESE_VALUES, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    # The browsable API (a browser's view of the same address) echoes the filters in a form.
    problems += hostile_requests(
        attacker, url, fixed, parameters, ["xss", "nul", "not-utf-8"], HTTP_ACCEPT="text/html"
    )
    assert not problems, "\n".join(problems)


HOSTILE_KEYS = ["%00", "x%00y", "%ff%fe", quote("' OR 1=1 --", safe=""), str(10**30), "-1",
                "1.5", "9" * 5000, quote(SCRIPT, safe="")]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_hostile_keys_in_profile_and_chart_addresses_are_not_found(attacker, poisoned, language):
    problems = []
    for url in [*profile_urls(), "/dashboards/zone-growth/", "/dashboards/zone-growth.json",
                "/downloads/releases/2/"]:  # fmt: skip
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


def address(name: str, language: str, *args) -> str:
    """A named address in the language of the prefix ("" or "/zh-hans")."""
    with translation.override("zh-hans" if language else "en"):
        return reverse(name, args=args)


# --- 3. open redirects --------------------------------------------------------------------------

ELSEWHERE = [
    "//evil.example/", "https://evil.example", "/\\evil.example", "\\\\evil.example",
    "///evil.example", "https:/evil.example", "http:evil.example", "/\t/evil.example",
    "//testserver@evil.example/", "javascript:alert(1)", f"/{IMAGE}{SCRIPT}",
]  # fmt: skip


def stays_here(location: str) -> bool:
    """Whether a browser following this address stays on this site. Browsers drop tabs and line
    breaks from addresses and read a backslash as a slash, so /\\evil.example is //evil.example."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    if cleaned.startswith(("#", "?")):  # this very page
        return True
    return cleaned.startswith("/") and not cleaned.startswith("//")


@pytest.fixture
def admin_user(admin_user, settings):
    """pytest-django's admin (password "password"), hashed quickly: the tests sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin_user.set_password("password")
    admin_user.save()
    return admin_user


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("where", ["query", "form"])
def test_the_admin_login_keeps_next_on_this_site(documents, admin_user, language, where):
    login = address("admin:login", language)
    problems = []
    for elsewhere in ELSEWHERE:
        client = Client()
        page = client.get(login, {"next": elsewhere})
        problems += markup_problems(f"{login}?next={elsewhere}", page)
        credentials = {"username": admin_user.username, "password": "password"}
        if where == "query":
            response = client.post(f"{login}?next={quote(elsewhere)}", credentials)
        else:
            response = client.post(login, {**credentials, "next": elsewhere})
        if response.status_code != 302 or not stays_here(response["Location"]):
            problems.append(
                f"next={elsewhere!r}: {response.status_code} {response.get('Location')}"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_the_admin_logout_keeps_next_on_this_site(admin_client, language):
    logout = address("admin:logout", language)
    admin_user = get_user_model().objects.get(username="admin")
    for elsewhere in ELSEWHERE:
        admin_client.force_login(admin_user)
        for response in (
            admin_client.post(logout, {"next": elsewhere}),
            admin_client.post(f"{logout}?next={quote(elsewhere)}"),
        ):
            assert response.status_code in (200, 302), elsewhere
            if response.status_code == 302:
                assert stays_here(response["Location"]), (elsewhere, response["Location"])


def test_no_set_language_view_takes_next(client, documents):
    """Languages are switched by address (/zh-hans/...), not by Django's set_language view: it
    is not served, so it cannot send anyone elsewhere."""
    with pytest.raises(NoReverseMatch):
        reverse("set_language")
    for elsewhere in ELSEWHERE:
        response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": elsewhere})
        assert response.status_code in (403, 404, 405) or stays_here(response["Location"])


# Addresses that are one step from another site's: a browser reads //host and /\host as a host.
HOSTILE_PATHS = ["//evil.example/", "//evil.example/zones/", "///evil.example/",
                 "/\\evil.example/", "//evil.example", "/zh-hans//evil.example/",
                 "//evil.example/zh-hans/", "/zones//evil.example/"]  # fmt: skip
LINK = re.compile(r'(?:href|action|src)="([^"]*)"')


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_link_on_a_page_for_an_odd_path_stays_on_this_site(client, documents, language):
    """A page asked for at //evil.example/ (a 404) links nowhere but here: not its language
    switcher, its alternates, its search form."""
    problems = []
    for path in HOSTILE_PATHS:
        response = client.get("/", PATH_INFO=path, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code in (301, 302):
            if not stays_here(response["Location"]):
                problems.append(f"{path}: redirected to {response['Location']}")
            continue
        assert response.status_code == 404, path
        body = response.getvalue().decode()
        problems += [f"{path}: links to {link}" for link in LINK.findall(body)
                     if not stays_here(html.unescape(link))]  # fmt: skip
    assert not problems, "\n".join(problems)


# --- 4. CSRF, and no POST on the public site ----------------------------------------------------


def test_the_admin_login_refuses_a_post_without_a_csrf_token(documents, admin_user):
    client = Client(enforce_csrf_checks=True)
    for language in LANGUAGE_PREFIXES:
        response = client.post(
            address("admin:login", language),
            {"username": admin_user.username, "password": "password"},
        )
        assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_changes_refuse_a_post_without_a_csrf_token(documents, admin_user):
    """Signed in, a forged form (a change, a delete, an action, an import) changes nothing."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    zone = Zone.objects.get(slug="zhongguancun-science-park")
    change = reverse("admin:zones_zone_change", args=[zone.pk])
    assert client.get(change).status_code == 200
    forged = [
        (change, {"name": "Forged", "kind": "stip", "province": zone.province_id}),
        (reverse("admin:zones_zone_delete", args=[zone.pk]), {"post": "yes"}),
        (reverse("admin:zones_zone_changelist"),
         {"action": "unpublish", "_selected_action": [zone.pk]}),
        (reverse("admin:zones_zone_import"), {"format": "0"}),
        (reverse("admin:password_change"), {"old_password": "password", "new_password1": "x",
                                            "new_password2": "x"}),
    ]  # fmt: skip
    for url, data in forged:
        assert client.post(url, data).status_code == 403, url
    zone.refresh_from_db()
    assert zone.name == "Zhongguancun Science Park" and zone.is_published
    assert Zone.objects.filter(pk=zone.pk).exists()


def public_addresses(records: dict) -> list[str]:
    """Every page and download in both languages, every API list and detail, and the schema."""
    pages = [url for url in poisoned_pages(records) if "export=" not in url]
    api = [url.split("?")[0] for url in poisoned_api_urls()]
    return [*pages, *[f"/zh-hans{url}" for url in pages], *dict.fromkeys(api)]


@pytest.mark.parametrize("csrf", [True, False], ids=["without-token", "token-not-checked"])
def test_the_public_site_takes_no_post(poisoned, csrf):
    """Without a token a POST is refused (403); even where the token is not checked, no public
    page, download or API endpoint accepts a POST, PUT, PATCH or DELETE (405), and nothing
    changes."""
    client = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
    before = Zone.objects.count(), Zone.objects.get(slug="xss-zone").updated_at
    problems = []
    for url in public_addresses(poisoned):
        methods = ["post"] if not url.startswith("/api/") else ["post", "put", "patch", "delete"]
        for method in methods:
            status = getattr(client, method)(url, {"name": "Forged"}).status_code
            if status not in (403, 405):
                problems.append(f"{method.upper()} {url}: {status}")
    assert not problems, "\n".join(problems)
    assert (Zone.objects.count(), Zone.objects.get(slug="xss-zone").updated_at) == before


# --- 5. spreadsheet formulas --------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1", "==1+1"]
EXPLOIT = "cmd|' /C calc'!A0"


def formula_for(field, position: int) -> str | None:
    """Text fields take formulas in turn, each starting differently; addresses must stay URLs."""
    if isinstance(field, models.URLField):
        return None
    return f"{FORMULAS[position % len(FORMULAS)]}+{EXPLOIT}"[: field.max_length or None]


def runs_as_formula(value) -> bool:
    """Whether a spreadsheet would run the cell: text that starts like a formula and is not
    simply a negative number."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def csv_cells(response) -> list[str]:
    text = response.getvalue().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(content: bytes) -> list:
    """Every cell of every sheet; a formula cell as the formula itself, marked."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        f"FORMULA {cell.value}" if cell.data_type == "f" else cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def formula_problems(url: str, cells: list, carries_text: bool = True) -> list[str]:
    """Cells a spreadsheet would run; and, for a download that carries the records' text, the
    neutralised formulas the test expects in it."""
    problems = [f"{url}: {cell!r}" for cell in cells
                if runs_as_formula(cell) or str(cell).startswith("FORMULA")]  # fmt: skip
    if carries_text and not any(isinstance(cell, str) and cell.startswith("'") for cell in cells):
        problems.append(f"{url}: no neutralised formula in it at all (the test missed it)")
    return problems


@pytest.fixture
def formulas(documents):
    return build_poisoned(formula_for)


def test_formulas_are_neutralised_whatever_they_start_with():
    from core.exports import cell

    for formula in FORMULAS:
        assert cell(formula) == f"'{formula}"
    assert cell(-5) == -5 and cell(Decimal("-1.5")) == Decimal("-1.5")  # numbers stay numbers


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_directory_and_chart_downloads_hand_no_spreadsheet_a_formula(client, formulas, language):
    problems = []
    for path in DIRECTORIES:
        for kind in ("csv", "xlsx"):
            url = f"{language}{path}?export={kind}"
            response = client.get(url)
            assert response.status_code == 200, url
            cells = csv_cells(response) if kind == "csv" else xlsx_cells(response.getvalue())
            problems += formula_problems(url, cells)
    for slug, queries in CHART_SELECTIONS.items():
        for query in queries:
            url = f"{language}/dashboards/{slug}.csv?{query}"
            # Counted by year or region, a chart's rows hold no text the records gave it.
            carries_text = not ("region" in query or "year" in query or "statistics" in slug)
            problems += formula_problems(url, csv_cells(client.get(url)), carries_text)
    assert not problems, "\n".join(problems)


def test_the_360giving_download_hands_no_spreadsheet_a_formula(client, formulas, built):
    """The grants in 360Giving's columns are a CSV people open in spreadsheets: guarded like the
    directories' downloads (the README's warning is about the data package's CSVs)."""
    built()
    url = "/downloads/innofund-360giving.csv"
    assert not formula_problems(url, csv_cells(client.get(url)))


def test_the_data_package_holds_the_data_as_stored_and_says_so(client, formulas, built):
    """The package's CSVs are data for data tools, exactly as stored (formulas included, on
    purpose, as the README says); its licence file and the download page warn about
    spreadsheets."""
    built()
    package = zipfile.ZipFile(io.BytesIO(client.get("/downloads/torch-portal-data.zip").getvalue()))
    with package.open("data/zones.csv") as table:
        rows = list(csv.DictReader(io.TextIOWrapper(table, encoding="utf-8", newline="")))
    zone = next(row for row in rows if row["slug"] == "xss-zone")
    assert zone["name"] == Zone.objects.get(slug="xss-zone").name
    assert any(runs_as_formula(value) for value in zone.values())
    assert 'text that starts with "="' in package.read("LICENSE.txt").decode()
    for language in LANGUAGE_PREFIXES:
        page = client.get(f"{language}/downloads/").getvalue().decode()
        assert 'class="alert alert-warning" id="spreadsheet-warning"' in page, language


def import_export_admins():
    from django.contrib import admin
    from import_export.admin import ExportMixin

    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ExportMixin)]  # fmt: skip


@pytest.mark.parametrize("file_format", ["0", "1"], ids=["csv", "xlsx"])
def test_the_admin_export_hands_no_spreadsheet_a_formula(admin_client, formulas, file_format):
    """Every model the admin exports (django-import-export), as CSV and XLSX, with all its
    columns: guarded like the directories' downloads."""
    problems = []
    assert import_export_admins()
    for model, _model_admin in import_export_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
        form = admin_client.get(url).getvalue().decode()
        fields = set(re.findall(r'name="(\w+resource_\w+)"', form))
        response = admin_client.post(url, {"format": file_format, "resource": "0",
                                           **dict.fromkeys(fields, "on")})  # fmt: skip
        assert response.status_code == 200, url
        cells = csv_cells(response) if file_format == "0" else xlsx_cells(response.getvalue())
        problems += formula_problems(f"{url} ({model.__name__})", cells)
    assert not problems, "\n".join(problems)


# --- text no spreadsheet may hold ----------------------------------------------------------------

CONTROLS = "\x01\x07\x08\x0b\x0c\x1b\x1f"  # no NUL: PostgreSQL stores none, forms refuse it


def control_text(field, position: int) -> str | None:
    if isinstance(field, models.URLField):
        return None
    return f"Pasted{CONTROLS}text"[: field.max_length or None]


def test_control_characters_an_editor_pasted_break_no_download(client, documents, built):
    """Text pasted with control characters (a vertical tab, an escape) is valid in a form, but
    a spreadsheet (XLSX) may not hold it: every download still works, and says what it can."""
    build_poisoned(control_text)
    built()
    problems = []
    for url in [*[f"{path}?export={kind}" for path in DIRECTORIES for kind in ("csv", "xlsx")],
                *PLAIN_DOWNLOADS, *[f"/dashboards/{slug}.{kind}?{queries[0]}"
                                    for slug, queries in CHART_SELECTIONS.items()
                                    for kind in ("csv", "json")]]:  # fmt: skip
        response = client.get(url)
        body = response.getvalue()  # read to the end, as a browser does: the download is done
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        elif url.endswith("xlsx"):
            assert any("Pasted" in str(cell) for cell in xlsx_cells(body)), url
    assert not problems, "\n".join(problems)


def test_control_characters_break_no_admin_export(admin_client, documents):
    """The admin's XLSX export writes U+FFFD for each character a worksheet may not hold."""
    build_poisoned(control_text)
    problems = []
    for model, _model_admin in import_export_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
        fields = set(
            re.findall(r'name="(\w+resource_\w+)"', admin_client.get(url).getvalue().decode())
        )
        response = admin_client.post(url, {"format": "1", "resource": "0",
                                           **dict.fromkeys(fields, "on")})  # fmt: skip
        if "spreadsheet" not in response.get("Content-Type", ""):
            problems.append(f"{model.__name__}: no XLSX file")
        elif not any("Pasted" in str(cell) for cell in xlsx_cells(response.getvalue())):
            problems.append(f"{model.__name__}: the pasted text is missing")
    assert not problems, "\n".join(problems)


# --- host names ---------------------------------------------------------------------------------


def test_absolute_links_name_no_host_a_visitor_makes_up(client, documents):
    """Permalinks, the API's links and the XLSX's selection are absolute: a made-up Host is
    refused and a forwarded one is not believed, so they always name this site."""
    for url in ["/", "/zones/?export=xlsx", "/dashboards/zone-growth/", "/api/v1/zones/"]:
        assert client.get(url, HTTP_HOST="evil.example").status_code == 400, url
    response = client.get("/api/v1/zones/", HTTP_X_FORWARDED_HOST="evil.example")
    assert "evil.example" not in response.getvalue().decode()
    page = client.get("/dashboards/zone-growth/", HTTP_X_FORWARDED_HOST="evil.example")
    assert "evil.example" not in page.getvalue().decode()
