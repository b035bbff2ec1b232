"""A visitor browses the public portal in a real browser."""

import csv
import io
from pathlib import Path

import pytest

from figures.models import Figure, Source
from zones.models import Zone, ZoneStatistics

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(documents, page):
    zhongguancun = Zone.objects.get(list_number=1)
    zhongguancun.name_zh = "中关村科技园区"
    zhongguancun.save()
    source = Source.objects.create(key="test-yearbook", title="Test yearbook", kind="report",
                                   trust="high")  # fmt: skip
    for year, enterprises, employees in [
        (2004, 12000, 600000),
        (2005, 15000, 700000),
        (2006, 18000, 800000),
    ]:
        ZoneStatistics.objects.create(
            zone=zhongguancun,
            year=year,
            enterprises=enterprises,
            employees=employees,
            source=source,
        )
    return page


def test_home_page_leads_with_sourced_figures(registry, screenshot):
    page = registry
    page.goto("/")
    assert page.locator("h1").count() == 1
    card = page.locator(".figure-card").first
    latest = (
        Figure.objects.published().filter(metric__key="national-stips", qualifier="exact")
        .exclude(as_of_on=None).latest("as_of_on")
    )  # fmt: skip
    assert "National STIPs / high-tech zones" in card.inner_text()  # today's count leads
    assert f"{latest.value:.0f}" in card.inner_text() and str(latest.as_of) in card.inner_text()
    assert page.get_by_text("more than 30,000").count() == 0  # not a headline figure
    assert page.get_by_text("nearly 8,000").is_visible()
    screenshot()
    card.get_by_role("link").click()
    page.get_by_role("heading", level=1).wait_for()
    assert latest.source.title in page.locator("h1").inner_text()


def test_filter_sort_and_open_a_zone(registry, screenshot):
    page = registry
    page.goto("/zones/")
    page.get_by_label("Kind").select_option(label="National STIP / high-tech zone")
    page.get_by_label("Region").select_option(label="Northeast")
    page.get_by_role("button", name="Apply").click()
    northeast = Zone.objects.published().filter(kind="stip", province__region="northeast")
    page.get_by_text(f"{northeast.count()} results").wait_for()
    assert "region=northeast" in page.url and "kind=stip" in page.url
    page.get_by_role("link", name="City").click()
    page.wait_for_url("**sort=city**")
    cities = page.locator("tbody tr td:nth-child(6)").all_inner_texts()
    assert cities == sorted(cities) and cities[0] == "Anshan"
    screenshot("directory")
    page.get_by_role("link", name="Harbin High-tech Industrial Development Zone").click()
    page.get_by_role("heading", name="Harbin High-tech Industrial Development Zone").wait_for()
    assert page.get_by_text("Heilongjiang").first.is_visible()
    assert page.get_by_text("http://www.kaifaju.com.cn").is_visible()
    assert page.get_by_text("Torch High Technology Industry Development Center").first.is_visible()
    screenshot("profile")


def test_a_zone_profile_draws_its_statistics(registry, screenshot, drawn_pixels):
    page = registry
    page.goto("/zones/zhongguancun-science-park/")
    page.wait_for_selector("canvas[data-drawn=true]")
    assert drawn_pixels(page) > 1000
    rows = page.locator("#statistics-heading ~ div table tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == ["2004", "2005", "2006"]
    assert "18,000" in rows[2]
    screenshot()


def test_download_the_directory_as_csv(registry):
    page = registry
    page.goto("/zones/?province=guangdong&sort=list_number")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["No."] for row in rows] == ["35", "36", "37", "38", "39", "40"]
    assert rows[0]["Name"] == "Guangzhou Development District"
    assert rows[0]["Source"].startswith("Torch High Technology Industry Development Center")


def test_search_in_chinese(registry, screenshot):
    page = registry
    page.goto("/")
    page.get_by_label("Search the registry").fill("中关村")
    page.get_by_label("Search the registry").press("Enter")
    page.get_by_text("matches “中关村”").wait_for()
    screenshot()
    page.get_by_role("link", name="Zhongguancun Science Park").click()
    page.get_by_role("heading", name="Zhongguancun Science Park").wait_for()


def test_the_layout_holds_on_a_phone(registry, screenshot):
    page = registry
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/zones/")
    page.get_by_role("button", name="Show the menu").click()
    page.get_by_role("link", name="Incubators").click()
    page.get_by_role("heading", name="Incubators", level=1).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot()


def test_the_open_data_page_and_the_api_documentation(registry, screenshot):
    page = registry
    page.goto("/")
    page.get_by_role("link", name="Open data").click()
    page.get_by_role("heading", name="Open data", level=1).wait_for()
    screenshot("downloads")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the data package (zip)").click()
    assert download_info.value.suggested_filename.endswith(".zip")
    page.get_by_role("link", name="documentation").click()
    page.get_by_text("Torch Portal API").first.wait_for()
    page.get_by_text("/api/v1/zones/", exact=True).first.wait_for()
    screenshot("api-docs", full_page=False)
