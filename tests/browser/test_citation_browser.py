"""A reader cites a profile, a chart and a release in a real browser."""

import pytest

from portal.releases import make_release

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def released(documents):
    return make_release().release


def test_a_reader_copies_a_profiles_bibtex(
    released, browser, live_server, screenshot, page, violations
):
    context = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto("/zones/zhongguancun-science-park/")
    panel = page.locator("#cite-record")
    assert not page.locator("#cite-record-bibtex").is_visible()  # closed until asked for
    panel.get_by_text("Cite this").click()
    bibtex = page.locator("#cite-record-bibtex")
    assert bibtex.is_visible()
    assert "Release 1 of" in bibtex.inner_text()
    button = page.locator('button[data-copy="cite-record-bibtex"]')
    button.click()
    page.wait_for_function(
        "() => document.querySelector('button[data-copy=\"cite-record-bibtex\"]')"
        ".textContent === 'Copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == bibtex.inner_text().strip()
    assert copied.startswith("@misc{torchportal-zones-zhongguancun-science-park-r1,")
    screenshot("profile")
    screenshot("panel", element=panel)

    panel.get_by_role("link", name="get the data as it was then").click()
    page.get_by_role("heading", name="Release 1").wait_for()
    assert page.locator(".release-sha256").inner_text() == released.sha256
    screenshot("release")
    page.goto("/zh-hans/dashboards/zone-growth/")
    page.locator("#cite-chart-zone-growth summary").click()
    assert page.locator("#cite-chart-zone-growth-gbt").inner_text().startswith("火炬计划门户. ")
    screenshot("chart-zh")
    page.goto("/downloads/")
    assert page.locator(".latest-release").get_by_role("link", name="release 1").is_visible()
    page.locator("#cite-open-data summary").click()
    assert "[Data set]" in page.locator("#cite-open-data-apa").inner_text()
    screenshot("open-data")
    assert not violations
