"""A visitor follows a filtered directory through its feed, and reads the recent changes."""

import xml.etree.ElementTree as ET

import pytest

from zones.models import Zone

pytestmark = pytest.mark.django_db(transaction=True)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def changed(documents):
    """A Guangdong STIP's city and another province's STIP's city, changed."""
    stips = Zone.objects.published().filter(kind="stip")
    guangdong = stips.filter(province__slug="guangdong").order_by("list_number").first()
    elsewhere = stips.exclude(province__slug="guangdong").order_by("list_number").first()
    guangdong.city, elsewhere.city = "Changed City In Guangdong", "Changed City Elsewhere"
    guangdong.save()
    elsewhere.save()
    return guangdong, elsewhere


def test_follow_a_filtered_directory(changed, page, screenshot):
    guangdong, elsewhere = changed
    page.goto("/zones/")
    page.get_by_label("Kind").select_option(value="stip")
    page.get_by_label("Province").select_option(value="guangdong")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**province=guangdong**")
    follow = page.get_by_role("link", name="Follow (Atom)")
    address = follow.get_attribute("href")
    assert address.startswith("/zones/feed.atom?")
    assert "kind=stip" in address and "province=guangdong" in address
    alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert alternate.get_attribute("href") == address
    screenshot("directory", full_page=False)

    response = page.request.get(address)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    assert "Guangdong" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    guangdong_zones = {
        zone.get_absolute_url()
        for zone in Zone.objects.published().filter(kind="stip", province__slug="guangdong")
    }
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.removeprefix(page.url.split("/zones/")[0]) in guangdong_zones, link
    newest = entries[0]
    assert guangdong.name in newest.find(f"{ATOM}title").text
    assert "Changed City In Guangdong" in newest.find(f"{ATOM}summary").text
    assert "Changed City Elsewhere" not in response.text()


def test_read_the_recent_changes(changed, page, screenshot, violations):
    guangdong, elsewhere = changed
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Recent changes").click()
    page.get_by_role("heading", level=1, name="Recent changes").wait_for()
    first = page.locator("li.change").first
    assert elsewhere.name in first.inner_text()  # the newest change comes first
    assert "Changed City Elsewhere" in first.locator("ins").inner_text()
    assert first.get_by_role("link", name=elsewhere.name).get_attribute("href") == (
        elsewhere.get_absolute_url()
    )
    assert page.get_by_role("link", name="Follow (Atom)").get_attribute("href") == (
        "/changes/feed.atom"
    )
    page.wait_for_load_state("networkidle")
    assert not violations, violations
    screenshot()
    screenshot("top", full_page=False)

    page.get_by_label("Kind of record").select_option(value="provinces")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**kind=provinces**")
    assert elsewhere.name not in page.locator("main").inner_text()
    assert page.locator("li.change").count() > 0
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/zh-hans/changes/")
    screenshot("phone-chinese", full_page=False)


def test_follow_a_profile(changed, page, screenshot):
    guangdong, elsewhere = changed
    page.goto(guangdong.get_absolute_url())
    address = page.get_by_role("link", name="Follow (Atom)").get_attribute("href")
    assert address == f"{guangdong.get_absolute_url()}feed.atom"
    screenshot(full_page=False)
    feed = ET.fromstring(page.request.get(address).body())
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles and all(guangdong.name in title for title in titles)
