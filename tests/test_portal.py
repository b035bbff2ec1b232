"""The public portal as a visitor without an account uses it: directories, profiles, downloads,
search and error pages."""

import csv
import io
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs

import openpyxl
import pytest
from django.db.models import Q

from figures.models import Figure, Metric, Source
from incubators.models import Company, Incubator, IncubatorStatistics
from innofund.models import Programme, Project
from zones.models import Province, Sector, Zone, ZoneStatistics

XSS = "<script>alert(1)</script>"
PUBLISHED = {"publication": "published"}


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="Innovation Fund for Tech-based SMEs", short_name="Innofund"
    )


def build_registry(count: int, province, source, programme):
    """`count` rows of every kind, each related to one zone, incubator, company and programme
    (so profiles have `count` related rows too)."""
    metric = Metric.objects.create(key=f"metric-{count}", name="Tenant companies")
    zone = Zone.objects.create(
        kind="stip", name="Hub Zone", province=province, source=source, **PUBLISHED
    )
    incubator = Incubator.objects.create(
        name="Hub Incubator", province=province, host_zone=zone, **PUBLISHED
    )
    company = Company.objects.create(
        name="Hub Company", province=province, incubator=incubator, **PUBLISHED
    )
    Zone.objects.bulk_create(
        Zone(kind="specialized_base", name=f"Base {n}", slug=f"base-{n}", province=province,
             parent=zone, source=source, **PUBLISHED)
        for n in range(count)
    )  # fmt: skip
    Incubator.objects.bulk_create(
        Incubator(
            name=f"Incubator {n}",
            slug=f"incubator-{n}",
            province=province,
            host_zone=zone,
            **PUBLISHED,
        )
        for n in range(count)
    )
    Company.objects.bulk_create(
        Company(name=f"Company {n}", slug=f"company-{n}", province=province, zone=zone,
                incubator=incubator, source=source, **PUBLISHED)
        for n in range(count)
    )  # fmt: skip
    Project.objects.bulk_create(
        Project(name=f"Project {n}", slug=f"project-{n}", programme=programme, company=company,
                province=province, year=2000 + n % 20, amount=Decimal(1000 * n), **PUBLISHED)
        for n in range(count)
    )  # fmt: skip
    Source.objects.bulk_create(
        Source(key=f"source-{n}", title=f"Yearbook {n}", kind="report", trust="high")
        for n in range(count)
    )
    Figure.objects.bulk_create(
        Figure(key=f"figure-{n}", source=source, metric=metric, topic="stip", zone=zone,
               incubator=incubator, programme=programme, value=n, unit="count", quote="words",
               **PUBLISHED)
        for n in range(count)
    )  # fmt: skip
    ZoneStatistics.objects.bulk_create(
        ZoneStatistics(zone=zone, year=1950 + n, enterprises=n, source=source)
        for n in range(min(count, 150))
    )
    IncubatorStatistics.objects.bulk_create(
        IncubatorStatistics(incubator=incubator, year=1950 + n, tenants=n, source=source)
        for n in range(min(count, 150))
    )
    return {"zone": zone, "incubator": incubator, "company": company}


PAGES = [
    "/",
    "/zones/",
    "/zones/?kind=specialized_base&region=east&sort=-name&per_page=200",
    "/provinces/",
    "/incubators/",
    "/companies/",
    "/innofund/",
    "/sources/",
    "/search/?q=Base",
    "/zones/hub-zone/",
    "/incubators/hub-incubator/",
    "/companies/hub-company/",
    "/provinces/beijing/",
    "/sources/test-source/",
    "/innofund/programmes/innovation-fund-for-tech-based-smes/",
    "/innofund/projects/project-1/",
]


@pytest.mark.parametrize("url", PAGES)
def test_queries_are_the_same_at_10_and_200_rows(
    client, province, source, programme, url, queries_at_sizes
):
    counts = queries_at_sizes(
        lambda rows: build_registry(rows, province, source, programme), lambda: client.get(url)
    )
    assert counts[10] == counts[200], counts


def test_every_page_has_one_h1_landmarks_and_captions(client, documents):
    for url in ["/", "/zones/", "/zones/zhongguancun-science-park/", "/sources/", "/search/?q=x"]:
        page = client.get(url).getvalue().decode()
        assert page.count("<h1") == 1, url
        assert "<main" in page and "<nav" in page and "<footer" in page
        assert page.count("<table") == page.count("<caption"), url


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("kind=stip", Q(kind="stip")),
        ("kind=software_park", Q(kind="software_park")),
        ("province=guangdong", Q(province__code="440000")),
        ("region=northeast&kind=stip", Q(province__region="northeast", kind="stip")),
        ("status=planned", Q(status="planned")),
        ("approved_from=1988&approved_to=1988", Q(approved_on__year=1988)),
        ("q=Hi-tech+Zhuhai", Q(name__icontains="Zhuhai", name__contains="Hi-tech")),
        ("q=广东", Q(province__code="440000")),  # the province's Chinese name
        ("sector=intelligent-networked-automobile",
         Q(sectors__slug="intelligent-networked-automobile")),
    ],
)  # fmt: skip
def test_zone_filters(client, documents, query, matches):
    # A reviewer has checked the zones only low-trust pages name: every kind is then shown.
    Zone.objects.update(publication="published")
    expected = Zone.objects.filter(matches).distinct().count()
    response = client.get(f"/zones/?{query}")
    assert response.context["result_count"] == expected >= 1


def test_unknown_filter_values_say_so_and_show_nothing(client, documents):
    response = client.get("/zones/?province=atlantis&approved_from=soon&approved_to=0")
    page = response.getvalue().decode()
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "Some filters could not be used" in page
    assert "Select a valid choice" in page and "Enter a whole number" in page


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999", "²", "①"])
def test_odd_page_numbers_show_a_page(client, documents, page):
    response = client.get(f"/zones/?page={page}&per_page=12345")
    assert client.get(f"/companies/?per_page={page}").status_code == 200
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 25


def test_a_very_long_search_is_answered(client, documents):
    response = client.get("/zones/", {"q": "a " * 1000})
    assert response.status_code == 200
    assert client.get("/zones/", {"q": "Hi-tech " * 20}).context["result_count"] > 0


def test_a_search_the_filters_refuse_lists_nothing(client, documents):
    page = client.get("/search/", {"q": "\x00"}).getvalue().decode()
    assert "Zhongguancun" not in page


def test_page_size_choice(client, documents):
    response = client.get("/zones/?per_page=50")
    assert len(response.context["table"].page.object_list) == 50


@pytest.mark.parametrize(
    "query",
    ["", "page=3", "kind=stip&sort=-name&page=2", "sort=name&kind=stip&kind=specialized_base",
     "q=%E5%8C%97%E4%BA%AC+tech&x=%22%3E%3C&page=9&per_page=50", "kind=stip&q="],
)  # fmt: skip
def test_the_sort_and_page_links_change_only_their_parameter(rf, query):
    """Links made from the rest of the address encoded once are the address with the one
    parameter changed, in its place (or last)."""
    from zones.tables import ZoneTable

    table = ZoneTable([])
    table.request = rf.get(f"/zones/?{query}")
    for key, value in [("page", 4), ("sort", "-approved"), ("sort", "name"), ("new", "a b")]:
        assert table._addresses(key)(value) == table._address(**{key: value}), (query, key)


def test_the_sort_and_page_links_are_the_address_with_one_parameter_changed(rf):
    from zones.tables import ZoneTable

    table = ZoneTable([])
    table.request = rf.get("/zones/?sort=name&kind=stip&kind=specialized_base&q=%E5%8C%97+a&page=2")
    assert table._addresses("page")(3) == (
        "?sort=name&amp;kind=stip&amp;kind=specialized_base&amp;q=%E5%8C%97+a&amp;page=3"
    )
    assert table._addresses("sort")("-approved") == (
        "?sort=-approved&amp;kind=stip&amp;kind=specialized_base&amp;q=%E5%8C%97+a&amp;page=2"
    )
    assert table._addresses("per_page")(50) == (
        "?sort=name&amp;kind=stip&amp;kind=specialized_base&amp;q=%E5%8C%97+a&amp;page=2"
        "&amp;per_page=50"
    )


def test_each_selection_is_counted_as_itself(client, documents):
    """A directory's count is kept per selection (the filters' values): each selection, one
    after the other, shows its own number of results, and a refused one none."""
    zones = Zone.objects.published()
    for query, expected in [
        ("", zones.count()),
        ("kind=stip", zones.filter(kind="stip").count()),
        ("kind=specialized_base", zones.filter(kind="specialized_base").count()),
        ("kind=stip&q=Zhongguancun", 1),
        ("kind=stip&sort=-name", zones.filter(kind="stip").count()),
        ("kind=nonsense", 0),
    ]:
        assert client.get(f"/zones/?{query}").context["result_count"] == expected, query


def test_a_directory_table_sorts_and_pages_keeping_the_selection(client, documents):
    """The header's links sort by their column and the page links turn pages, each keeping the
    rest of the address; the sorted column says so to screen readers; values are escaped."""
    page = client.get("/zones/?kind=stip&sort=-name&page=2").getvalue().decode()
    table = page[page.index("<table") : page.index("</table>")]
    found = re.findall(r"<th ([^>]*)>\s*(?:<a [^>]*>)?([^<]+)", table)
    headers = {name.strip(): attributes for attributes, name in found}
    assert 'aria-sort="descending"' in headers["Name"]
    assert "aria-sort" not in headers["Province"]
    sort_by_name = re.search(r'<a href="\?([^"]+)" title="Sort by name">Name</a>', table)
    assert parse_qs(unescape(sort_by_name[1])) == {
        "kind": ["stip"],
        "sort": ["name"],
        "page": ["2"],
    }
    rows = re.findall(r"<tr class=\"(?:odd|even)\">(.*?)</tr>", table)
    names = [re.findall(r"<td[^>]*>(.*?)</td>", row)[1] for row in rows]
    names = [re.sub(r"<[^>]+>", "", name) for name in names]
    assert len(rows) == 25 and names == sorted(names, reverse=True)
    navigation = page[page.index('<nav aria-label="Table navigation">') :]
    links = re.findall(
        r'<a (?:href="\?([^"]*)" )?class="page-link"(?: href="\?([^"]*)")?>', navigation
    )
    addresses = [parse_qs(unescape(before or after)) for before, after in links]
    assert addresses[0] == {"kind": ["stip"], "sort": ["-name"], "page": ["1"]}  # previous
    assert addresses[2] == {"kind": ["stip"], "sort": ["-name"], "page": ["2"]}
    assert re.search(r'<li class="page-item active"><a class="page-link"[^>]*>2</a>', navigation)
    odd = client.get("/zones/", {"kind": "stip", "x": '"><script>'}).getvalue().decode()
    assert "<script>" not in odd[odd.index("<table") : odd.index("</nav>", odd.index("<table"))]
    empty = client.get("/zones/?q=nothing-has-this-name").getvalue().decode()
    assert "Nothing matches these filters." in empty and 'class="pagination' not in empty
    chinese = client.get("/zh-hans/zones/?kind=stip&page=2").getvalue().decode()
    assert "上一页" in chinese and 'aria-label="表格分页"' in chinese


def test_csv_download_follows_the_filters_and_order_and_names_sources(client, documents):
    response = client.get("/zones/?province=guangdong&sort=-list_number&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert [row["No."] for row in rows] == ["40", "39", "38", "37", "36", "35"]
    assert rows[-1]["Province"] == "Guangdong"
    assert rows[-1]["Website"] == "http://www.getdd.gov.cn"
    assert all(row["Source"].startswith("Torch High Technology") for row in rows)


def test_the_download_links_keep_the_selection_and_order_from_the_first_row(client, documents):
    page = client.get("/zones/?kind=stip&sort=-name&page=2&x=%22%3E").getvalue().decode()
    for export_format in ("csv", "xlsx"):
        link = f'href="?kind=stip&amp;sort=-name&amp;x=%22%3E&amp;export={export_format}"'
        assert f"{link} download>" in page


def test_xlsx_download_has_the_rows_and_what_they_are(client, documents):
    response = client.get("/zones/?kind=stip&export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    rows = list(book.worksheets[0].values)
    assert rows[0][:3] == ("No.", "Name", "Chinese name")
    stips = Zone.objects.published().filter(kind="stip").count()
    assert len(rows) == stips + 1 and rows[1][1] == "Zhongguancun Science Park" and rows[1][0] == 1
    about = dict(book["About"].values)
    assert "kind=stip" in about["Selection"]


def test_downloads_neutralise_spreadsheet_formulas(client, province, source):
    Zone.objects.create(kind="stip", name="=HYPERLINK(\"http://evil\")", province=province,
                        city="+1+2", source=source, **PUBLISHED)  # fmt: skip
    csv_text = client.get("/zones/?export=csv").getvalue().decode("utf-8")
    assert "'=HYPERLINK" in csv_text and "'+1+2" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(client.get("/zones/?export=xlsx").getvalue()))
    values = [value for row in book.worksheets[0].values for value in row]
    assert '\'=HYPERLINK("http://evil")' in values and "'+1+2" in values


def test_an_unknown_download_format_is_refused(client, documents):
    assert client.get("/zones/?export=pdf").status_code == 400


def test_text_entered_by_administrators_is_shown_as_text(client, province, source, programme):
    zone = Zone.objects.create(kind="stip", name=XSS, name_zh=XSS, city=XSS, province=province,
                               source=source, notes=XSS, **PUBLISHED)  # fmt: skip
    company = Company.objects.create(name=XSS, province=province, zone=zone, **PUBLISHED)
    Project.objects.create(name=XSS, programme=programme, company=company, year=2005, **PUBLISHED)
    for url in ["/zones/?q=script", zone.get_absolute_url(), "/companies/?q=script",
                company.get_absolute_url(), "/innofund/?q=script", f"/search/?q={XSS}",
                province.get_absolute_url()]:  # fmt: skip
        page = client.get(url).getvalue().decode()
        assert XSS not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_zone_profile_shows_facts_relations_statistics_and_figures(client, documents):
    zone = Zone.objects.get(list_number=1)
    source = Source.objects.get(key="brochure-torch-center-2007")
    ZoneStatistics.objects.create(zone=zone, year=2006, enterprises=18000, revenue=Decimal("2e9"),
                                  source=source)  # fmt: skip
    Zone.objects.create(kind="specialized_base", name="Inner Base", province=zone.province,
                        parent=zone, **PUBLISHED)  # fmt: skip
    page = client.get(zone.get_absolute_url()).getvalue().decode()
    for text in ["May 1988", "State Council", "Beijing New Technology Industry Experiment Zone",
                 "http://www.zgc.gov.cn", "Appendix: 54 National STIPs, no. 01", "Inner Base",
                 "18,000", "2,000,000,000 CNY", 'data-chart="statistics-chart"',
                 "OTC Stock Trading System"]:  # fmt: skip
        assert text in page, text


def test_a_profile_without_statistics_says_so(client, documents):
    page = client.get("/zones/tianjin-hi-tech-industrial-park/").getvalue().decode()
    assert "No annual statistics have been entered yet." in page
    assert "<canvas" not in page


def test_a_source_page_lists_every_figure_taken_from_it(client, documents):
    source = Source.objects.get(key="scio-briefing-miit-2024")
    page = client.get(source.get_absolute_url()).getvalue().decode()
    assert f"Figures taken from it ({source.figures.count()})" in page
    for figure in source.figures.all():
        assert f'id="figure-{figure.key}"' in page
    assert "more than 20%" in page and "24 July 2024" in page


def test_a_source_page_with_many_figures_shows_the_first_and_says_where_the_rest_are(
    client, documents, monkeypatch
):
    monkeypatch.setattr("figures.views.SHOWN_AT_MOST", 2)
    source = Source.objects.get(key="scio-briefing-miit-2024")
    total = source.figures.published().count()
    assert total > 2
    page = client.get(source.get_absolute_url()).getvalue().decode()
    assert f"Figures taken from it ({total})" in page
    assert page.count('id="figure-') == 2
    assert "The first figures this source reports" in page
    assert f"The first 2 of {total} are shown here" in page
    assert '<a href="/api/v1/figures/?source=scio-briefing-miit-2024">API</a>' in page
    assert '<a href="/downloads/">open data</a>' in page
    chinese = client.get("/zh-hans" + source.get_absolute_url()).getvalue().decode()
    assert f"此处显示 {total} 条中的前 2 条" in chinese


@pytest.mark.parametrize("same_name", [False, True])
def test_a_source_page_shows_the_same_first_figures_as_the_whole_list_in_the_same_order(
    client, documents, monkeypatch, settings, same_name
):
    # The page reads only the topic-and-metric groups that hold its first figures.
    settings.PAGE_CACHE_SECONDS = 0  # the same page is asked for with different limits
    source = max(Source.objects.all(), key=lambda source: source.figures.published().count())
    if same_name:  # two metrics of one name: one run of the order, by date
        stip = Figure.objects.filter(source=source, topic="stip").values_list("metric", flat=True)
        first, second = Metric.objects.filter(pk__in=stip).order_by("name")[:2]
        second.name = first.name
        second.save()
    figures = source.figures.published().select_related("metric")
    total = figures.count()
    assert len({(figure.topic, figure.metric_id) for figure in figures}) > 3
    for shown in range(1, total):
        monkeypatch.setattr("figures.views.SHOWN_AT_MOST", shown)
        page = client.get(source.get_absolute_url()).getvalue().decode()
        keys = re.findall(r'id="figure-([^"]+)"', page)
        by_key = {figure.key: figure for figure in figures}
        order = [(figure.topic, figure.metric.name, figure.as_of_on) for figure in figures[:shown]]
        assert [
            (by_key[key].topic, by_key[key].metric.name, by_key[key].as_of_on) for key in keys
        ] == order


def test_province_profile_lists_its_zones(client, documents):
    page = client.get(Province.objects.get(code="440000").get_absolute_url()).getvalue().decode()
    assert "Shenzhen High-tech Industrial Park" in page and "广东省" in page


def test_programme_profile_shows_its_figures_and_instruments(client, documents):
    page = client.get("/innofund/programmes/innofund/").getvalue().decode()
    assert "more than 30,000" in page and "nearly 8,000" in page and "5.3 billion yuan" in page
    vc = client.get("/innofund/programmes/vc-introductory-fund/").getvalue().decode()
    assert "Parallel investment" in vc or "parallel investment" in vc.lower()


def test_home_leads_with_sourced_figures_and_milestones(client, documents):
    page = client.get("/").getvalue().decode()
    latest = (
        Figure.objects.published().filter(metric__key="national-stips", qualifier="exact")
        .exclude(as_of_on=None).latest("as_of_on")
    )  # fmt: skip
    assert f"{latest.value:.0f}" in page and str(latest.as_of) in page  # today's count leads
    assert "nearly 8,000" in page and "5.3 billion yuan" in page
    assert "c. 2007" in page  # the undated brochure's figures say their date is estimated
    assert "May 1988" in page
    assert "22 June 1995" not in page  # told only by a page that names no publisher: a draft


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Zhongguancun", "Zhongguancun Science Park"),
        ("东北", "东西中部和东北地区划分方法"),
        ("Wuhan", "Wuhan East Lake Innovation Center"),
        ("suntech", "Suntech Power"),
    ],
)
def test_site_search_finds_english_and_chinese(client, documents, query, found):
    page = client.get("/search/", {"q": query}).getvalue().decode()
    assert found in page


def test_site_search_finds_projects(client, province, programme):
    company = Company.objects.create(name="光伏公司", province=province, **PUBLISHED)
    Project.objects.create(name="Solar cells", name_zh="太阳能电池", programme=programme,
                           company=company, year=2004, **PUBLISHED)  # fmt: skip
    page = client.get("/search/", {"q": "太阳能"}).getvalue().decode()
    assert "Innofund projects (1)" in page and "Solar cells" in page


def test_site_search_groups_the_digits_of_its_counts(client, documents, monkeypatch):
    monkeypatch.setattr("portal.views.kept_count", lambda matches: 12345)  # as at full scale
    page = client.get("/search/", {"q": "Zhongguancun"}).getvalue().decode()
    assert "Zones (12,345)" in page and "All 12,345 in the directory" in page
    assert "records match “Zhongguancun”" in page and "12345" not in page


def test_a_missing_page_helps_the_visitor_on(client, db):
    response = client.get("/zones/no-such-zone/")
    assert response.status_code == 404
    page = response.getvalue().decode()
    assert "Page not found" in page and 'href="/zones/"' in page


def test_sectors_link_to_their_zones(documents):
    sector = Sector.objects.get(slug="intelligent-networked-automobile")
    assert sector.get_absolute_url() == "/zones/?sector=intelligent-networked-automobile"


def test_each_related_record_shows_its_own_city(documents):
    """A list of related records shows each record's city, whatever the record before it had
    (a record without one hid every later record's city)."""
    from core.html import record_items

    zones = list(Zone.objects.order_by("name")[:3])
    zones[0].city, zones[1].city, zones[2].city = "", "Shenzhen", "Xi'an"
    items = record_items(zones).split("\n")
    assert "·" not in items[0]
    assert "· Shenzhen</span>" in items[1] and "· Xi&#x27;an</span>" in items[2]
    assert "·" not in record_items(zones, city=False)
