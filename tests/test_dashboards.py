"""The dashboards' numbers, checked against the documents' figures and the registry."""

import csv
import html
import io
import json
import re
from decimal import Decimal

import pytest

from dashboards.charts import CHARTS
from dashboards.charts.zones_by_place import TILE_POSITIONS
from figures.models import Figure
from incubators.models import Company
from innofund.models import Programme, Project
from zones.models import Province, Sector, Zone, ZoneStatistics


def data(client, slug, **params):
    response = client.get(f"/dashboards/{slug}.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def plotted(payload, series=None):
    return {
        (row["series"], row["label"]): row["value"]
        for row in payload["rows"]
        if series is None or row["series"] == series
    }


def test_stip_growth_from_the_sources_and_the_registry(client, documents):
    payload = data(client, "zone-growth")
    documents_rows = {
        (row["label"], row["value"], row["as_of"])
        for row in payload["rows"]
        if row["source"].startswith(("Torch High Technology", "SCIO briefing"))
    }
    assert documents_rows >= {("1988", 1, "May 1988"), ("2007", 54, "c. 2007"),
                              ("2024", 178, "24 July 2024")}  # fmt: skip
    registry = plotted(payload, "In the registry, by known approval date (cumulative)")
    dated = Zone.objects.published().filter(kind="stip", approved_on__isnull=False)
    assert registry[("In the registry, by known approval date (cumulative)", "1988")] == 1
    assert max(registry.values()) == dated.count()
    years = [int(label) for label in payload["labels"]]
    assert years == list(range(1988, years[-1] + 1))  # every year, so slopes are true to time
    assert payload["unit"] == "zones"
    assert {source["title"][:4] for source in payload["sources"]} >= {"SCIO", "Torc"}


def test_specialized_bases_keep_both_counts(client, documents):
    """The 2005 news item (83) and the brochure (129) disagree; both are kept, and the news
    item, a page that names no publisher, waits for a reviewer before it is drawn."""
    payload = data(client, "zone-growth", kind="specialized_base")
    values = {row["value"] for row in payload["rows"]}
    assert 129 in values and 83 not in values
    news = Figure.objects.get(key="bases-count-2005-news")
    news.publication = "published"
    news.save()
    payload = data(client, "zone-growth", kind="specialized_base")
    assert {83, 129} <= {row["value"] for row in payload["rows"]}
    drawn = {value for dataset in payload["datasets"] for value in dataset["data"] if value}
    assert {83, 129} <= drawn  # both drawn: the line and a point beside it


def test_zones_by_province_and_region(client, documents):
    stips = Zone.objects.published().filter(kind="stip")
    by_province = plotted(data(client, "zones-by-place"))
    guangdong = stips.filter(province__code="440000").count()
    assert by_province[("National STIP / high-tech zone", "Guangdong")] == guangdong >= 6
    assert sum(by_province.values()) == stips.count()
    by_region = plotted(data(client, "zones-by-place", by="region"))
    assert (
        by_region[("National STIP / high-tech zone", "Northeast")]
        == stips.filter(province__region="northeast").count()
    )
    assert sum(by_region.values()) == stips.count()
    every_kind = plotted(data(client, "zones-by-place", kind="", by="region"))
    in_china = Zone.objects.published().exclude(province=None)
    assert sum(every_kind.values()) == in_china.count()  # all zones but the overseas park


def test_the_tile_map_places_every_province_once(documents):
    assert set(TILE_POSITIONS) == set(Province.objects.values_list("code", flat=True))
    assert len(set(TILE_POSITIONS.values())) == 34


def test_shares_keep_their_own_year_and_qualifier(client, documents):
    payload = data(client, "zone-shares")
    rows = {(row["label"], row["series"][:4]): row for row in payload["rows"]}
    iva_2024 = rows[("STIPs' share of national industrial value added", "2024")]
    iva_2006 = rows[("STIPs' share of national industrial value added", "2006")]
    assert (iva_2024["value"], iva_2024["qualifier"]) == (20, "more than")
    assert (iva_2006["value"], iva_2006["qualifier"]) == (9, "")
    assert all(0 <= row["value"] <= 100 for row in payload["rows"])
    labels = {d["label"]: d["pointLabels"] for d in payload["datasets"]}
    assert "more than 20%" in labels["2024 (SCIO briefing)"]


def test_the_other_tools_show_disagreeing_figures_side_by_side(client, documents):
    payload = data(client, "program-tools", tool="bases")
    bases = [row for row in payload["rows"] if row["label"].startswith("Torch Program (spec")]
    values = {row["value"] for row in bases}
    assert 129 in values and 83 not in values  # the news item's 83 waits for a reviewer
    assert len({row["source"] for row in bases}) == len(bases)  # one row a source
    incubators = data(client, "program-tools", tool="incubators")
    assert {
        (row["label"].split(" (")[0], row["value"], row["qualifier"])
        for row in incubators["rows"]
    } >= {("Technology Business Incubators", 500, "more than"),
          ("TBI tenant companies", 40000, "nearly")}  # fmt: skip
    innofund = plotted(data(client, "program-tools", tool="innofund"))
    assert any(value == 30000 for value in innofund.values())


def build_grants(province, source, count):
    sector = Sector.objects.create(name="Software", slug=f"software-{count}")
    programme = Programme.objects.create(name="Innofund", slug=f"innofund-{count}")
    company = Company.objects.create(
        name="Grant holder", province=province, publication="published"
    )
    Project.objects.bulk_create(
        Project(name=f"Project {n}", slug=f"p-{count}-{n}", programme=programme, company=company,
                province=province, sector=sector, year=2000 + n % 5, amount=Decimal(1000),
                source=source, publication="published")
        for n in range(count)
    )  # fmt: skip
    return programme


def test_innofund_grants_by_year_and_amount(client, province, source):
    programme = build_grants(province, source, 10)
    by_year = plotted(data(client, "innofund-grants"))
    assert by_year == {("Number of projects", str(2000 + y)): 2 for y in range(5)}
    amounts = plotted(data(client, "innofund-grants", measure="amount", by="province"))
    assert amounts == {("Amount awarded (CNY)", "Beijing"): 10000}
    narrowed = plotted(
        data(client, "innofund-grants", programme=programme.slug, year_from=2003, by="sector")
    )
    assert narrowed == {("Number of projects", "Software"): 4}


def test_an_empty_selection_says_so(client, documents):
    payload = data(client, "zone-statistics", basis="registry")  # no per-zone statistics yet
    assert payload["empty"] is True and payload["rows"] == []
    page = client.get("/dashboards/zone-statistics/?basis=registry").getvalue().decode()
    assert "There is no data for this selection yet." in page
    assert "<canvas" not in page


def test_zone_statistics_totals_and_growth(client, zone, source, province):
    other = Zone.objects.create(
        kind="software_park", name="Park", province=province, publication="published"
    )
    for year, first, second in [(2004, 100, 50), (2005, 120, 80)]:
        ZoneStatistics.objects.create(zone=zone, year=year, employees=first, source=source)
        ZoneStatistics.objects.create(zone=other, year=year, employees=second, source=source)
    sums = {"basis": "registry", "statistic": "employees"}
    totals = data(client, "zone-statistics", **sums)
    assert plotted(totals) == {("Employees", "2004"): 150, ("Employees", "2005"): 200}
    assert totals["rows"][0]["locator"] == "2 zones"
    growth = data(client, "zone-statistics", **sums, view="growth")
    assert plotted(growth) == {("Employees: growth", "2005"): pytest.approx(33.3)}
    one_kind = data(client, "zone-statistics", **sums, kind="software_park")
    assert plotted(one_kind) == {("Employees", "2004"): 50, ("Employees", "2005"): 80}
    one_zone = data(client, "zone-statistics", **sums, zone=zone.slug)
    assert plotted(one_zone) == {("Employees", "2004"): 100, ("Employees", "2005"): 120}
    assert [source["title"] for source in totals["sources"]] == ["Test yearbook"]


def test_csv_holds_exactly_the_plotted_numbers_with_their_sources(client, documents):
    response = client.get("/dashboards/zone-shares.csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    payload = data(client, "zone-shares")
    assert [float(row["value"]) for row in rows] == [row["value"] for row in payload["rows"]]
    assert set(rows[0]) == {"series", "label", "value", "unit", "qualifier", "as_of", "source",
                            "locator"}  # fmt: skip
    assert all(row["source"] and row["as_of"] for row in rows)


@pytest.mark.parametrize(
    "query",
    ["kind=volcano", "by=colour", "year_from=soon", "programme=nothing", "statistic=<script>"],
)
def test_bad_selections_get_a_400_with_a_message(client, documents, query):
    for slug in CHARTS:
        response = client.get(f"/dashboards/{slug}.json?{query}")
        field = query.split("=")[0]
        if field in CHARTS[slug].Selection.base_fields:
            assert response.status_code == 400
            assert field in response.json()["errors"]
            page = client.get(f"/dashboards/{slug}/?{query}")
            assert page.status_code == 200
            assert "This selection cannot be shown" in page.getvalue().decode()
        else:
            assert response.status_code == 200  # parameters a chart does not take are ignored


def test_valid_but_unusual_records_do_not_break_the_dashboards(client, documents, source):
    source.published_on, source.published_precision = None, ""
    source.save()
    figure = Figure.objects.get(key="stip-share-gdp-2006")
    figure.pk, figure.key, figure.source, figure.as_of_on, figure.as_of_precision = (
        None, "undated-share", source, None, "",
    )  # fmt: skip
    figure.save()
    Province.objects.filter(code="710000").update(region="east")  # a region it does not have
    assert client.get("/dashboards/").status_code == 200
    assert client.get("/dashboards/zones-by-place/").status_code == 200


def test_unknown_charts_and_formats_are_not_found(client, db):
    assert client.get("/dashboards/nothing/").status_code == 404
    assert client.get("/dashboards/nothing.json").status_code == 404
    assert client.get("/dashboards/zone-growth.xml").status_code == 404


def test_the_permalink_restores_the_selection(client, documents):
    page = client.get("/dashboards/zones-by-place/?kind=software_park&by=region")
    html = page.getvalue().decode()
    assert 'value="software_park" selected' in html and 'value="region" selected' in html
    assert "/dashboards/zones-by-place/?kind=software_park&amp;by=region" in html


@pytest.mark.parametrize(
    "url",
    [
        *[f"/dashboards/{slug}.json" for slug in CHARTS],
        "/dashboards/",
        "/dashboards/zone-statistics/",
        "/dashboards/innofund-grants/embed/?by=province",
    ],
)
def test_chart_queries_are_the_same_at_10_and_200_rows(
    client, province, source, url, queries_at_sizes
):
    def build(rows):
        build_grants(province, source, rows)
        zones = Zone.objects.bulk_create(
            Zone(kind="stip", name=f"Zone {n}", slug=f"zone-{n}", province=province,
                 source=source, publication="published")
            for n in range(rows)
        )  # fmt: skip
        ZoneStatistics.objects.bulk_create(
            ZoneStatistics(zone=zone, year=2000 + n % 10, enterprises=n, source=source)
            for n, zone in enumerate(zones)
        )

    counts = queries_at_sizes(build, lambda: client.get(url))
    assert counts[10] == counts[200], counts


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.getvalue().decode()


def test_the_embed_page_shows_the_chart_alone_with_its_selection(client, documents):
    page = page_of(client.get("/dashboards/zones-by-place/embed/?kind=software_park&by=region"))
    assert '<html lang="en">' in page
    assert "<h1" in page and "Where the zones are" in page
    assert "<nav" not in page and "<footer" not in page and "<form" not in page  # nothing else
    canvas = re.search(r'<canvas[^>]*data-chart-src="([^"]*)"', page).group(1)
    assert html.unescape(canvas) == "/dashboards/zones-by-place.json?kind=software_park&by=region"
    assert "Show the data table" in page  # the numbers, as on the chart page
    permalink = "http://testserver/dashboards/zones-by-place/?kind=software_park&amp;by=region"
    assert f'<a href="{permalink}" target="_blank" rel="noopener">' in page
    assert f'<link rel="canonical" href="{permalink}">' in page
    sources = re.search(r"Sources: (.*?)</p>", page).group(1)
    assert "trust" in sources and "<a " not in sources  # short: titles with their trust


def test_the_embed_page_speaks_the_pages_language(client, documents):
    page = page_of(client.get("/zh-hans/dashboards/zone-growth/embed/"))
    assert '<html lang="zh-Hans">' in page
    assert 'data-chart-src="/zh-hans/dashboards/zone-growth.json?' in page
    assert 'href="http://testserver/zh-hans/dashboards/zone-growth/?' in page
    assert '<h1 class="h5 mb-1">国家高新区的发展</h1>' in page


def test_the_embed_page_explains_a_bad_selection(client, documents):
    page = page_of(client.get("/dashboards/zones-by-place/embed/?kind=volcano"))
    assert "This selection cannot be shown" in page and "<canvas" not in page
    assert client.get("/dashboards/nothing/embed/").status_code == 404


def framing(response) -> tuple[str, str | None]:
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["frame-ancestors"], response.get("X-Frame-Options")


def test_only_embed_pages_may_be_framed_by_other_sites(client, documents):
    embed = "/dashboards/zone-growth/embed/?kind=stip"
    for cache in ("miss", "hit"):  # the headers are kept with the page in the cache
        response = client.get(embed)
        assert response["X-Cache"] == cache and framing(response) == ("*", None)
    assert framing(client.get("/zh-hans/dashboards/zone-growth/embed/")) == ("*", None)
    for url in ("/", "/dashboards/", "/dashboards/zone-growth/?kind=stip", "/zones/"):
        assert framing(client.get(url)) == ("'none'", "DENY"), url
    policy = client.get(embed)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_chart_page_offers_its_embed_code(client, documents):
    page = page_of(client.get("/dashboards/zones-by-place/?kind=software_park&by=region"))
    code = html.unescape(re.search(r'<textarea[^>]*id="embed-code"[^>]*>(.*?)</textarea>',
                                   page).group(1))  # fmt: skip
    embed = "http://testserver/dashboards/zones-by-place/embed/?kind=software_park&amp;by=region"
    assert code == (
        f'<iframe src="{embed}" title="Where the zones are" width="100%" height="480" '
        'loading="lazy"></iframe>'
    )
    assert 'data-copy="embed-code"' in page and "js/copy.js" in page
    assert "embed-code" not in page_of(client.get("/dashboards/zones-by-place/?kind=volcano"))


def test_the_image_download_draws_the_pages_words(client, documents):
    page = page_of(client.get("/zh-hans/dashboards/zone-growth/?kind=stip"))
    block = re.search(r'<script id="chart-zone-growth-image" type="application/json">(.*?)<',
                      page).group(1)  # fmt: skip
    words = json.loads(block)
    assert words["title"] and words["about"].startswith("单位")
    sources, permalink, licence = words["notes"]
    assert permalink == "http://testserver/zh-hans/dashboards/zone-growth/?kind=stip"
    assert "CC BY 4.0" in licence and "trust" not in sources  # Chinese trust labels
    assert words["filename"].startswith("zone-growth-") and words["filename"].endswith(".png")
    assert 'data-chart-image="chart-zone-growth-canvas"' in page
