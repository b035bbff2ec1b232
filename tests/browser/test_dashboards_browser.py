"""An analyst reads the dashboards in a real browser."""

import csv
import io
from pathlib import Path

import pytest

from figures.models import Source
from zones.models import Zone, ZoneStatistics

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dashboards(documents, page):
    source = Source.objects.create(key="test-yearbook", title="Test yearbook", kind="report",
                                   trust="high")  # fmt: skip
    for number, (enterprises, employees) in enumerate([(100, 5000), (120, 5500)], start=1):
        zone = Zone.objects.get(list_number=number)
        for year, growth in [(2004, 1), (2005, 2)]:
            ZoneStatistics.objects.create(zone=zone, year=year, enterprises=enterprises * growth,
                                          employees=employees * growth, source=source)  # fmt: skip
    return page


def table_values(page, slug):
    section = page.locator(f"#chart-{slug}")
    section.get_by_text("Show the data table").click()
    return section.locator("table.chart-table tbody tr").all_inner_texts()


def test_every_chart_draws_and_its_table_matches(dashboards, screenshot, drawn_pixels):
    page = dashboards
    page.goto("/dashboards/")
    canvases = page.locator("canvas[data-chart-src]")
    assert canvases.count() == 6  # all six draw on a fresh install's data
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn=true]').length === 6")
    slugs = ["zone-growth", "zones-by-place", "zone-shares", "program-tools", "innofund-grants",
             "zone-statistics"]  # fmt: skip
    for slug in slugs:
        assert drawn_pixels(page, f"#chart-{slug} canvas") > 500, slug
    growth = [row.split("\t")[1:3] for row in table_values(page, "zone-growth")]
    assert ["1988", "1"] in growth and ["2007", "54"] in growth and ["2024", "178"] in growth
    shares = "\n".join(table_values(page, "zone-shares"))
    assert "more than" in shares and "2024" in shares and "2006" in shares
    for slug in slugs:
        screenshot(slug, element=page.locator(f"#chart-{slug} .chart-box"))


def test_change_a_selection_keep_it_in_the_permalink_and_download(
    dashboards, screenshot, drawn_pixels
):
    page = dashboards
    page.goto("/dashboards/zone-statistics/")
    page.get_by_label("Basis", exact=True).select_option(
        label="Sums of the registry's per-zone statistics"
    )
    page.get_by_label("Statistic", exact=True).select_option(label="Employees")
    page.get_by_label("View", exact=True).select_option(label="Growth on the year before (%)")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**statistic=employees**")
    assert "view=growth" in page.url
    page.wait_for_selector("canvas[data-drawn=true]")
    assert drawn_pixels(page) > 500
    rows = table_values(page, "zone-statistics")
    assert len(rows) == 1 and "2005" in rows[0] and "100" in rows[0]  # employees doubled
    screenshot()
    permalink = page.get_by_role("link", name="Permalink to this selection").get_attribute("href")
    page.goto(permalink)
    assert page.get_by_label("Statistic", exact=True).input_value() == "employees"
    assert page.get_by_label("View", exact=True).input_value() == "growth"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["label"], row["value"]) for row in rows] == [("2005", "100.0")]


def test_the_tile_map_shows_each_province(dashboards, screenshot):
    page = dashboards
    page.goto("/dashboards/zones-by-place/")
    tiles = page.locator(".tile-map .tile")
    assert tiles.count() == 34
    guangdong = Zone.objects.published().filter(kind="stip", province__code="440000").count()
    assert page.get_by_label(f"Guangdong: {guangdong} zones").is_visible()
    assert page.get_by_label("Tibet: 0 zones").is_visible()
    for words in ("台湾省资料暂缺", "香港特别行政区资料暂缺", "澳门特别行政区资料暂缺"):
        assert page.locator(".tile-no-data", has_text=words).is_visible()
    page.wait_for_selector("canvas[data-drawn=true]")
    screenshot()
