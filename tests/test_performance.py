"""Speed without the cache, and downloads that cannot take the server down: the quick ways to
a page give the same page, searches find what icontains finds, numbers kept per data version
follow the data, downloads stream, are limited and never cached, open data files are built
ahead, cached pages survive the database going away, and bulk imports keep their rules."""

import csv
import gc
import io
import re
import sys
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import exports
from core.cache import data_changed
from core.exports import slots
from core.filters import repeats_rows
from core.registry import directories
from core.widgets import PLAIN
from figures.models import Milestone
from incubators.models import Company, Incubator
from innofund.models import Programme, Project
from innofund.resources import ProjectResource
from zones.models import Province, Sector, Zone

PUBLISHED = {"publication": "published"}


# Pages --------------------------------------------------------------------------------------


@pytest.fixture
def varied(documents, province, source):
    """Records with everything a directory row can show: Chinese names, drafts as relations,
    empty values, choices, vague dates, amounts."""
    draft_zone = Zone.objects.create(kind="stip", name="Draft Zone", province=province)
    zone = Zone.objects.get(list_number=1)
    zone.name_zh = "中关村科技园区"
    zone.save()
    incubator = Incubator.objects.create(name="Hub", name_zh="孵化器", province=province,
                                         host_zone=draft_zone, **PUBLISHED)  # fmt: skip
    Company.objects.create(name="Listed Co", province=province, zone=zone, incubator=incubator,
                           listed_exchange="sse", stock_code="600000", source=source,
                           **PUBLISHED)  # fmt: skip
    Company.objects.create(name="Drafts' Co", province=province, zone=draft_zone, **PUBLISHED)
    Project.objects.create(name="Grant", programme=Programme.objects.get(slug="innofund"),
                           company=Company.objects.get(name="Listed Co"), year=2005,
                           amount=Decimal("1500000"), sector=Sector.objects.first(),
                           **PUBLISHED)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_quick_rows_are_django_tables2s_rows(varied, language):
    """Every directory's cells, made the quick way, are exactly what django-tables2 makes, on
    the page (HTML) and in downloads (values)."""
    with translation.override(language):
        for entry in directories():
            view = entry.directory_view
            table = view.table_class(view.queryset.all())
            for row in table.rows:
                for column in table.columns.iterall():
                    for method, slow in [("render", row.get_cell), ("value", row.get_cell_value)]:
                        if method == "render" and not column.visible:
                            continue
                        quick = table._cell(column, method)(row.record, row)
                        assert str(quick) == str(slow(column.name)), (entry.name, column.name)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_quick_filter_widgets_are_djangos_widgets(varied, language):
    """Every directory's filter form, its selects written the quick way, is exactly what
    Django's widget templates write: nothing chosen, and a choice made in each select."""
    with translation.override(language):
        for entry in directories():
            view = entry.directory_view
            form = view.filterset_class(queryset=view.queryset.all()).form
            chosen = {
                name: list(field.choices)[-1][0]
                for name, field in form.fields.items()
                if hasattr(field, "choices")
            }
            for data in ({}, chosen):
                filterset = view.filterset_class(data or None, queryset=view.queryset.all())
                for bound in filterset.form:
                    quick, widget = str(bound), bound.field.widget
                    if type(widget) in PLAIN.values():
                        widget.__class__ = type(widget).__bases__[-1]  # Django's own widget
                    assert quick == str(bound), (entry.name, bound.name)


def test_a_filters_options_follow_the_data_and_the_language(client, documents):
    """A directory's selects, written once per language and data version, list a province
    added since, in the page's language."""
    assert "Atlantis" not in client.get("/zones/").getvalue().decode()
    Province.objects.create(name="Atlantis", name_zh="亚特兰蒂斯", slug="atlantis", code="990000")
    assert '<option value="atlantis">Atlantis</option>' in client.get("/zones/").getvalue().decode()
    page = client.get("/zh-hans/zones/?province=atlantis").getvalue().decode()
    assert '<option value="atlantis" selected>亚特兰蒂斯</option>' in page
    assert '<option value="atlantis">Atlantis</option>' in client.get("/zones/").getvalue().decode()


FIELDS_TEMPLATE = """{% for field in form %}
      <div class="mb-2">
        <label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>
        {{ field }}
        {% for error in field.errors %}<div class="invalid-feedback d-block" id="{{ field.id_for_label }}-error">{{ error }}</div>{% endfor %}
      </div>
      {% endfor %}"""  # noqa: E501 (the directories' template before the fields were written in Python)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_filter_fields_are_written_as_the_template_wrote_them(varied, language):
    """A directory's filter fields, written in Python, are exactly what its template's loop
    wrote: labels, widgets and errors, for a form left empty, filled in, and refused."""
    from django.template import engines

    template = engines["django"].from_string(FIELDS_TEMPLATE)
    with translation.override(language):
        for entry in directories():
            view = entry.directory_view
            form = view.filterset_class(queryset=view.queryset.all()).form
            wrong = {name: '<wrong & "quoted">' for name in form.fields}
            for data in (None, {"q": "Zhong <guan>"}, wrong):
                filterset = view.filterset_class(data, queryset=view.queryset.all())
                filterset.is_valid()
                assert filterset.fields_html() == template.render({"form": filterset.form})
                if data is wrong:
                    assert "invalid-feedback" in filterset.fields_html(), entry.name


def test_a_company_row_links_its_zone_not_itself(client, varied):
    page = client.get("/companies/?q=Listed").getvalue().decode()
    assert '<a href="/zones/zhongguancun-science-park/">' in page


@pytest.mark.parametrize("term", ["软件", "软", "件公", "Software", "so", "s", "600"])
def test_short_and_long_terms_find_what_icontains_finds(client, province, term, settings):
    """The grams index (PostgreSQL) serves one- and two-character terms; whatever serves them,
    the results are what icontains over the search fields finds."""
    from incubators.filters import CompanyFilterSet

    settings.PAGE_CACHE_SECONDS = 0
    for n, (name, name_zh, code) in enumerate([
        ("Software Co", "北京软件有限公司", "600001"), ("Hardware Co", "上海硬件公司", ""),
        ("Soft Drinks", "", "000600"), ("Plain Co", "软木", ""), ("Other", "公司", "S600"),
    ]):  # fmt: skip
        Company.objects.create(name=name, name_zh=name_zh, stock_code=code, slug=f"c{n}",
                               province=province, **PUBLISHED)  # fmt: skip
    table = client.get("/companies/", {"q": term, "per_page": 200}).context["table"]
    found = {row.record.pk for row in table.page.object_list}
    matches = Q()
    for field in CompanyFilterSet.search_fields:
        matches |= Q(**{f"{field}__icontains": term})
    assert found == set(Company.objects.filter(matches).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "term", ["Beijing", "jing", "北京", "京", "Jade", "玉", "Jade 北京", "Tianjin"]
)
def test_a_search_by_a_province_name_finds_what_icontains_across_the_join_finds(
    client, province, term, settings
):
    """A province's name is matched in memory (provinces are a small table), not through a
    join: the records found are the same, and no query reads the provinces' table."""
    from incubators.filters import IncubatorFilterSet

    settings.PAGE_CACHE_SECONDS = 0
    tianjin = Province.objects.create(code="120000", name="Tianjin", name_zh="天津市")
    for n, (name, name_zh, city, where) in enumerate([
        ("Jade Incubator", "玉孵化器", "", province), ("Beijing Hub", "", "", tianjin),
        ("Other", "其他", "Jingzhou", tianjin), ("Plain", "", "", tianjin),
    ]):  # fmt: skip
        Incubator.objects.create(name=name, name_zh=name_zh, city=city, province=where,
                                 slug=f"i{n}", **PUBLISHED)  # fmt: skip
    client.get("/incubators/")  # the provinces, kept in memory for this data version
    with CaptureQueriesContext(connection) as queries:
        table = client.get("/incubators/", {"q": term, "per_page": 200}).context["table"]
    assert not any("zones_province" in query["sql"] for query in queries)
    found = {row.record.pk for row in table.page.object_list}
    expected = Incubator.objects.all()
    for word in term.split():
        matches = Q()
        for field in IncubatorFilterSet.search_fields:
            matches |= Q(**{f"{field}__icontains": word})
        expected = expected.filter(matches)
    assert found == set(expected.values_list("pk", flat=True))


def plan(queryset, *refused: str) -> str:
    """PostgreSQL's plan for the queryset, with some ways refused ("seqscan": a small test
    table would be read whole rather than through the index a large one needs)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET enable_{way} = off" for way in refused))
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("; ".join(f"RESET enable_{way}" for way in refused))
    return lines


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_a_search_of_three_letters_or_more_uses_the_document_trigram_index(province):
    from incubators.filters import IncubatorFilterSet

    Incubator.objects.create(name="Jade Incubator", province=province, slug="jade", **PUBLISHED)
    Incubator.objects.bulk_create(
        Incubator(
            name=f"Other {n}", name_zh="上海孵化器", slug=f"o-{n}", province=province, **PUBLISHED
        )  # fmt: skip
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incubators_incubator")
    # Over every record: a small table whose records are all published would be read along
    # its publication index.
    queryset = IncubatorFilterSet({"q": "jade"}, queryset=Incubator.objects.all()).qs
    assert "incubators_incubator_document_trgm" in plan(queryset, "seqscan")
    assert [incubator.name for incubator in queryset] == ["Jade Incubator"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_a_two_character_chinese_search_uses_the_grams_index(province):
    from incubators.filters import CompanyFilterSet

    Company.objects.create(name="Software Co", name_zh="北京软件有限公司", province=province,
                           **PUBLISHED)  # fmt: skip
    # Enough other published companies that only the grams index narrows the search.
    Company.objects.bulk_create(
        Company(
            name=f"Other {n}", name_zh="上海硬件公司", slug=f"o-{n}", province=province, **PUBLISHED
        )  # fmt: skip
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incubators_company")
    queryset = CompanyFilterSet({"q": "软件"}, queryset=Company.objects.published()).qs
    assert "incubators_company_grams" in plan(queryset, "seqscan")
    assert [company.name for company in queryset] == ["Software Co"]


def test_a_one_letter_search_asks_no_grams(province):
    """One ASCII letter has no grams (pairs, or a non-ASCII character): every row could hold
    it, and asking would have PostgreSQL work out the grams of every row (a zone search for
    "a" took 240 ms); its matches are found by their columns alone."""
    from zones.filters import ZoneFilterSet

    for term, asked in [("a", False), ("ab", True), ("京", True)]:
        queryset = ZoneFilterSet({"q": term}, queryset=Zone.objects.published()).qs
        assert ("torch_grams" in str(queryset.query)) is (asked and connection.vendor != "sqlite")


def companies_with_projects(province, count: int, names: int, years: int) -> None:
    """`count` published companies, each with one Innofund project; the companies' and the
    projects' names repeat every `names` records, the projects' years every `years`."""
    companies = Company.objects.bulk_create(
        Company(name=f"Co {n % names:04}", slug=f"co-{n}", province=province, **PUBLISHED)
        for n in range(count)
    )
    programme = Programme.objects.create(name="Innofund", slug="innofund-test")
    Project.objects.bulk_create(
        Project(
            name=f"Project {n % names:04}",
            slug=f"p-{n}",
            programme=programme,
            company=company,
            year=2000 + n % years,
            province=province,
            **PUBLISHED,
        )  # fmt: skip
        for n, company in enumerate(companies)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_a_deep_directory_page_reads_its_ids_along_the_covering_order_index(province):
    """A page's first step (the ids of published records, in the directory's order, past an
    offset) is answered from the order's index, which also holds the publication: PostgreSQL
    skips the rows before the page in the index alone (VACUUM permitting)."""
    companies_with_projects(province, 3000, names=3000, years=20)
    for queryset, index in [
        (Company.objects.published(), "company_directory_order"),
        (Project.objects.published(), "project_directory_order"),
    ]:
        # A small table would be read whole, or sorted (by parts, along the year).
        page = queryset.values_list("pk", flat=True)[2000:2025]
        steps = plan(page, "seqscan", "sort", "incremental_sort")
        assert index in steps, steps


@pytest.mark.parametrize("landmarks", [False, True])
def test_deep_pages_list_every_record_once_in_order(
    client, province, settings, monkeypatch, landmarks
):
    """A deep page is read from the nearest landmark, or else (none yet, or an order along a
    column that may be empty) a page in a selection's second half is read backwards from its
    end: every page, run through in turn, lists each record once, in the order a sort of all
    of them gives, ties (same names, same years, no date) broken alike, ascending and
    descending; in the directory and in the API."""
    settings.PAGE_CACHE_SECONDS = 0
    # Landmarks every 20 rows from the 20th, or none at this size.
    monkeypatch.setattr("core.generic.LANDMARKS_EVERY", 20 if landmarks else 10_000)
    monkeypatch.setattr("core.generic.LANDMARKS_PAST", 20 if landmarks else 10_000)
    companies_with_projects(province, 110, names=7, years=4)  # ties in names and years
    Zone.objects.bulk_create(
        Zone(
            kind="stip",
            name=f"Zone {n % 3}",
            slug=f"z-{n}",
            province=province,
            approved_on=None if n % 4 else f"19{90 + n % 5}-01-01",
            approved_precision="" if n % 4 else "year",
            **PUBLISHED,
        )  # fmt: skip
        for n in range(60)
    )

    def every_page(address, pages, key):
        names, sql = [], []
        for number in range(1, pages + 1):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{address}page={number}")
            names += key(response)
            sql.append(" ".join(query["sql"] for query in queries.captured_queries))
        return names, sql

    def slugs_of(model, *order):
        return list(model.objects.order_by(*order).values_list("slug", flat=True))

    companies = slugs_of(Company, "name", "pk")
    zones = slugs_of(Zone, "approved_on", "pk")
    if connection.vendor == "sqlite":  # where undated records come first
        zones = [slug for slug in zones if not Zone.objects.get(slug=slug).approved_on] + [
            slug for slug in zones if Zone.objects.get(slug=slug).approved_on
        ]
    rows = lambda response: [row.record.slug for row in response.context["table"].page.object_list]  # noqa: E731
    results = lambda response: [record["slug"] for record in response.json()["results"]]  # noqa: E731
    for address, key, expected in [
        ("/companies/?", rows, companies),
        ("/companies/?sort=-name&", rows, slugs_of(Company, "-name", "-pk")),
        ("/innofund/?", rows, slugs_of(Project, "-year", "name", "pk")),
        ("/zones/?sort=approved&", rows, zones),
        ("/api/v1/companies/?ordering=name&page_size=25&", results, companies),
    ]:
        listed, sql = every_page(address, len(expected) // 25 + 1, key)
        assert listed == expected, address
        # The last page read from a landmark or the end: no offset past the other pages.
        assert "OFFSET" not in sql[-1], address
        # The second page of the longer lists: five rows past the landmark at the 20th, or
        # 25 from the start. (The zones' date may be empty: no landmarks; their second page
        # is in the second half, read from the end.)
        if "zones" not in address:
            offset = re.search(r"OFFSET (\d+)", sql[1])[1]
            assert offset == ("5" if landmarks else "25"), address


def test_only_orders_django_turns_round_exactly_are_read_from_the_end():
    """A page is read backwards only where reverse() gives exactly the reverse order: not for
    an order by a relation (its model's Meta.ordering, whose expressions Django leaves as
    they are); and the order is stated, not left to Meta.ordering (dropped under GROUP BY)."""
    from core.generic import reversible, total_order

    assert reversible(Company.objects.order_by("name", "pk"))
    assert reversible(Company.objects.order_by("-zone__name", "pk"))
    assert not reversible(Company.objects.order_by("zone", "pk"))
    assert not reversible(Zone.objects.order_by("province__name", "parent", "pk"))
    assert total_order(Zone.objects.all()).query.order_by[-2:] == ("name", "pk")
    assert total_order(Project.objects.order_by("-year")).query.order_by == ("-year", "-pk")


def test_many_matches_keep_their_order(client, province, settings):
    """Past SORT_MATCHES_AT_MOST matches the walk along the name index is bounded by the first
    and last match: the page is the same as a sort of all matches would give."""
    from core.filters import RegistryFilterSet

    names = [f"Alpha {n}" for n in range(5)] + [f"Omega Optics {n}" for n in range(40)]
    names += [f"Zulu {n}" for n in range(5)]
    Company.objects.bulk_create(
        Company(name=name, slug=f"c-{n}", province=province, **PUBLISHED)
        for n, name in enumerate(names)
    )
    settings.PAGE_CACHE_SECONDS = 0
    expected = sorted(name for name in names if "Optics" in name)[:25]
    for at_most in (10_000, 5):  # sorted, then walked
        RegistryFilterSet.SORT_MATCHES_AT_MOST = at_most
        try:
            table = client.get("/companies/?q=optics").context["table"]
        finally:
            RegistryFilterSet.SORT_MATCHES_AT_MOST = 10_000
        assert [row.record.name for row in table.page.object_list] == expected
        assert table.paginator.count == 40


def test_many_matches_no_index_finds_keep_their_order_of_year_then_name(client, province, settings):
    """Projects found by their company's name (no index finds them) are not sorted but walked
    along the directory's order index (newest year, then name), between the first and last
    matching year: the page is what a sort of every match gives."""
    programme = Programme.objects.create(name="Innofund", slug="innofund-test")
    optics = Company.objects.create(name="Omega Optics", province=province, **PUBLISHED)
    other = Company.objects.create(name="Other Co", province=province, **PUBLISHED)
    projects = [
        ("Lens", 2001, optics),
        ("Mirror", 2003, optics),
        ("Prism", 2003, optics),
        ("Optics lab", 2002, other),
        ("Unrelated", 2004, other),
        ("Glass", 1999, optics),
    ]
    projects += [(f"Beam {n}", 2000 + n % 3, optics) for n in range(30)]  # fmt: skip
    Project.objects.bulk_create(
        Project(
            name=name,
            slug=f"p-{n}",
            programme=programme,
            company=company,
            year=year,
            province=province,
            **PUBLISHED,
        )  # fmt: skip
        for n, (name, year, company) in enumerate(projects)
    )
    settings.PAGE_CACHE_SECONDS = 0
    matching = [(year, name) for name, year, company in projects
                if company == optics or "optics" in name.lower()]  # fmt: skip
    expected = [name for year, name in sorted(matching, key=lambda p: (-p[0], p[1]))][:25]
    table = client.get("/innofund/?q=optics").context["table"]
    assert [row.record.name for row in table.page.object_list] == expected
    assert table.paginator.count == len(matching)


def test_a_walk_along_a_nullable_order_keeps_the_records_without_a_value(documents):
    """Milestones, searched through a text field no index holds, are walked along their order
    (the API's: date, then title) between the first and last matching date: undated ones,
    which Min and Max pass over, are kept."""
    from figures.filters import MilestoneFilterSet

    queryset = Milestone.objects.published().order_by("happened_on", "title")
    found = MilestoneFilterSet({"q": "Torch"}, queryset=queryset).qs
    matches = Q()
    for field in MilestoneFilterSet.search_fields:
        matches |= Q(**{f"{field}__icontains": "Torch"})
    expected = queryset.filter(matches)
    assert expected.filter(happened_on=None).exists() and expected.exclude(happened_on=None)
    assert set(found) == set(expected)


def test_counts_kept_per_data_version_follow_the_data(client, province, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get("/companies/").context["result_count"] == 0
    Company.objects.create(name="New Co", province=province, **PUBLISHED)
    assert client.get("/companies/").context["result_count"] == 1
    counts = {name: count for _, name, count in client.get("/").context["directories"]}
    assert counts["incubators:company_list"] == 1


def test_a_directory_search_is_counted_once(client, province, settings):
    """A search's first page counts its matches once (with its order's bounds), and the
    page's count is that one: no second COUNT over the matches."""
    settings.PAGE_CACHE_SECONDS = 0
    for name in ["Alpha Tech", "Beta Tech", "Gamma Tech", "Delta Foods"]:
        Company.objects.create(name=name, province=province, **PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/companies/?q=Tech")
    assert page.context["result_count"] == 3
    counting = [
        query["sql"]
        for query in queries
        if "COUNT(" in query["sql"].upper() and 'FROM "incubators_company"' in query["sql"]
    ]
    assert len(counting) == 1, counting


# Downloads ----------------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_a_directory_csv_streams_every_row_in_order(client, province, source):
    Company.objects.bulk_create(
        Company(name=f"Company {n:04}", slug=f"c-{n}", province=province, source=source,
                **PUBLISHED)
        for n in range(2500)
    )  # fmt: skip
    response = client.get("/companies/?export=csv&sort=-name")
    assert response.streaming and "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 2500  # more than a batch of rows
    assert rows[0]["Name"] == "Company 2499" and rows[-1]["Name"] == "Company 0000"
    assert rows[0]["Source"] == source.citation


def test_download_queries_are_the_same_at_10_and_200_rows(client, province, source,
                                                          queries_at_sizes):  # fmt: skip
    def build(rows):
        zone = Zone.objects.create(kind="stip", name="Hub", province=province, **PUBLISHED)
        Company.objects.bulk_create(
            Company(name=f"Co {n}", slug=f"co-{n}", zone=zone, province=province,
                    source=source, **PUBLISHED)
            for n in range(rows)
        )  # fmt: skip

    def download():
        response = client.get("/companies/?export=csv")
        response.getvalue()
        return response

    counts = queries_at_sizes(build, download)
    assert counts[10] == counts[200], counts


def test_an_xlsx_too_large_is_refused_with_the_way_out(client, documents, settings):
    settings.XLSX_ROW_LIMIT = 10
    page = client.get("/zones/").getvalue().decode()
    assert "Download XLSX" not in page and "XLSX holds at most 10 rows" in page
    response = client.get("/zones/?export=xlsx")
    assert response.status_code == 400
    assert "at most 10 rows" in response.getvalue().decode()
    assert client.get("/zones/?kind=software_park&export=xlsx").status_code == 200


def test_too_many_downloads_at_once_get_a_503_that_says_why(client, documents, settings):
    settings.DOWNLOADS_AT_ONCE = 1
    held = slots.take()
    try:
        response = client.get("/zones/?export=csv")
        assert response.status_code == 503 and response["Retry-After"] == "60"
        assert "Too many downloads at once" in response.getvalue().decode()
    finally:
        held.give_back()
    assert client.get("/zones/?export=csv").status_code == 200


def test_a_download_gives_its_place_back_however_it_ends(client, documents, settings):
    settings.DOWNLOADS_AT_ONCE = 1
    client.get("/zones/?export=csv").getvalue()  # read to the end
    unread = client.get("/zones/?export=xlsx")  # made, never read
    del unread
    client.get("/zones/?export=csv")  # never read, thrown away
    gc.collect()
    assert slots.running == 0


def test_while_a_download_runs_threads_take_turns_more_often(client, documents):
    # A page's thread then waits at most SWITCH_SECONDS, not Python's 5 ms, for each turn.
    usual = sys.getswitchinterval()
    response = client.get("/zones/?export=csv")
    assert sys.getswitchinterval() == exports.SWITCH_SECONDS
    response.getvalue()
    response.close()
    assert sys.getswitchinterval() == usual


def test_no_download_is_kept_in_the_page_cache(client, documents):
    for url in ["/dashboards/zone-growth.csv", "/zones/?export=csv"]:
        client.get(url).getvalue()
        assert "X-Cache" not in client.get(url), url
    assert client.get("/zones/").get("X-Cache") == "miss"


def test_open_data_files_are_built_ahead_and_sent_with_an_etag(client, documents, built,
                                                                monkeypatch):  # fmt: skip
    started = []
    monkeypatch.setattr("portal.views.start_build", lambda: started.append(1))
    response = client.get("/downloads/torch-portal-data.zip")
    assert response.status_code == 503 and "Retry-After" in response  # not built yet
    assert started
    built()
    response = client.get("/downloads/torch-portal-data.zip")
    etag = response["ETag"]
    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"
    assert (
        client.get("/downloads/torch-portal-data.zip", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    page = client.get("/downloads/").getvalue().decode()
    assert etag.strip('"') in page and "The data has changed since" not in page
    started.clear()
    data_changed()
    assert client.get("/downloads/torch-portal-data.zip").status_code == 200  # the last build
    assert started  # ... while a new one is started
    assert "The data has changed since" in client.get("/downloads/").getvalue().decode()
    built()
    assert "The data has changed since" not in client.get("/downloads/").getvalue().decode()


def test_a_committed_change_starts_a_build(province, settings, monkeypatch,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    settings.DOWNLOADS_BUILD_AFTER_CHANGES = True
    started = []
    monkeypatch.setattr("subprocess.Popen", lambda *args, **kwargs: started.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        Zone.objects.create(kind="stip", name="Zone", province=province)
    assert started and "build_downloads" in started[0]


def test_building_twice_builds_once(documents, settings):
    from portal.prebuilt import build

    assert build() is not None
    assert build() is None  # up to date


# The database away --------------------------------------------------------------------------


def test_cached_pages_are_served_while_the_database_is_away(client, documents, monkeypatch):
    assert client.get("/zones/").status_code == 200  # now in the cache
    assert client.get("/zones/")["X-Cache"] == "hit"

    def away(*args, **kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", away)
    assert client.get("/zones/")["X-Cache"] == "hit"
    client.raise_request_exception = False  # as a server does: the error page
    response = client.get("/incubators/")  # not in the cache
    assert response.status_code == 503


# Bulk import --------------------------------------------------------------------------------


def projects(rows: list[dict]) -> tablib.Dataset:
    headers = ["slug", "name", "programme", "company", "year", "code"]
    return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)


@pytest.fixture
def grant_holder(documents, province):
    return Company.objects.create(name="Holder", slug="holder", province=province, **PUBLISHED)


def test_bulk_imported_rows_each_have_their_history(grant_holder):
    user = get_user_model().objects.create_user("importer")
    rows = [{"slug": f"p-{n}", "name": f"P {n}", "programme": "innofund", "company": "holder",
             "year": 2005} for n in range(1500)]  # fmt: skip
    result = ProjectResource().import_data(projects(rows), use_transactions=True, user=user)
    assert not result.has_errors() and not result.has_validation_errors()
    created = Project.objects.filter(slug__startswith="p-")
    assert created.count() == 1500
    assert Project.history.filter(slug__startswith="p-", history_type="+").count() == 1500
    assert set(Project.history.filter(slug="p-7").values_list("history_user", flat=True)) == {
        user.pk
    }
    assert created.get(slug="p-7").province == grant_holder.province  # filled in as save() does


def test_two_rows_breaking_a_unique_rule_are_refused_and_nothing_is_written(grant_holder):
    rows = [{"slug": "a", "name": "A", "programme": "innofund", "company": "holder",
             "year": 2005, "code": "X-1"},
            {"slug": "b", "name": "B", "programme": "innofund", "company": "holder",
             "year": 2006, "code": "X-1"},
            {"slug": "c", "name": "C", "programme": "innofund", "company": "holder",
             "year": 2006}]  # fmt: skip
    result = ProjectResource().import_data(
        projects(rows), use_transactions=True, rollback_on_validation_errors=True
    )
    messages = [str(error) for row in result.invalid_rows for error in row.error_dict.values()]
    assert result.has_validation_errors() and any("Row 1 has the same" in m for m in messages)
    assert not Project.objects.filter(slug__in=["a", "b", "c"]).exists()


def test_an_update_import_changes_what_changed(grant_holder):
    rows = [{"slug": "u", "name": "Before", "programme": "innofund", "company": "holder",
             "year": 2005}]  # fmt: skip
    ProjectResource().import_data(projects(rows), use_transactions=True)
    rows[0]["name"] = "After"
    result = ProjectResource().import_data(projects(rows), use_transactions=True)
    assert result.totals["update"] == 1
    assert Project.objects.get(slug="u").name == "After"
    assert Project.history.filter(slug="u").count() == 2


def test_directories_show_the_counts_they_add(client, documents):
    """A page's records are read in two steps; the counts a directory adds to them stay."""
    page = client.get("/provinces/?q=Guangdong").getvalue().decode()
    assert '<td class="text-end">6</td>' in page
    page = client.get("/sources/?q=SCIO").getvalue().decode()
    assert '<td class="text-end">—</td>' not in page


def test_the_benchmark_refuses_a_port_already_taken():
    """It measures the server it starts, never one that happens to answer on its port."""
    import socket

    from ops import bench

    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind((bench.HOST, bench.PORT))
        squatter.listen()
        with pytest.raises(bench.PortTaken, match="already listens"):
            bench.start_server(workers=1, threads=1)


def test_a_search_across_foreign_keys_needs_no_distinct_and_repeats_no_record(client, documents):
    # DISTINCT makes PostgreSQL sort every match; only a to-many join can repeat a record.
    assert not repeats_rows(Zone, "province__name") and not repeats_rows(Project, "company__name")
    assert repeats_rows(Province, "zones__name")
    page = client.get("/zones/?q=Beijing&per_page=200").getvalue().decode()
    links = re.findall(r'href="(/zones/[^/?"]+/)"', page)
    assert links and len(links) == len(set(links))
    assert Zone.objects.published().filter(province__name="Beijing").count() <= len(links)


def test_recent_changes_are_worked_out_once_until_the_data_changes(client, documents, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/changes/")
    with CaptureQueriesContext(connection) as again:
        assert client.get("/changes/").status_code == 200
    assert len(again) == 1, [query["sql"] for query in again]  # the data version alone
    zone = Zone.objects.published().first()
    zone.city = "A city named today"
    zone.save()
    assert "A city named today" in client.get("/changes/").getvalue().decode()
