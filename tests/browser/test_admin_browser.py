"""An administrator signs in and enters a zone, in a real browser."""

from pathlib import Path

import pytest

from zones.models import Zone

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def signed_in(documents, page, sign_in):
    return sign_in()


def choose(page, field: str, text: str):
    """Pick a value in one of the admin's autocomplete boxes by typing part of it."""
    page.locator(f"[aria-labelledby='select2-id_{field}-container']").click()
    page.locator(f".select2-search__field[aria-controls='select2-id_{field}-results']").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_administrator_enters_a_zone(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/zones/zone/add/")
    page.get_by_label("Kind").select_option(label="Torch software park")
    page.get_by_label("Name:", exact=True).fill("Example Software Park")
    page.get_by_label("Chinese name").fill("示例软件园")
    choose(page, "province", "Hubei")
    page.get_by_label("City").fill("Wuhan")
    page.locator("#id_approved_on").fill("1999-01-01")
    page.get_by_label("approval date precision").select_option(label="Year")
    choose(page, "source", "Torch High Technology")
    screenshot("form")
    page.locator("input[name=_save]").first.click()
    page.get_by_text("was added successfully").wait_for()
    screenshot("saved", full_page=False)
    zone = Zone.objects.get(name="Example Software Park")
    assert (zone.province.name, zone.name_zh, str(zone.vague_date("approved"))) == (
        "Hubei",
        "示例软件园",
        "1999",
    )


def test_a_bad_entry_is_explained_on_the_field(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/zones/zone/add/")
    page.get_by_label("Kind").select_option(label="National STIP / high-tech zone")
    page.get_by_label("Name:", exact=True).fill("Zone Without Province")
    page.locator("#id_approved_on").fill("1991-03-17")
    page.get_by_label("approval date precision").select_option(label="Month")
    page.locator("input[name=_save]").first.click()
    page.get_by_text("Please correct the errors below.").wait_for()
    screenshot()
    assert page.get_by_text("A zone in China needs its province.").is_visible()
    assert page.get_by_text("For a date known to the month, enter the 1st").is_visible()
    assert not Zone.objects.filter(name="Zone Without Province").exists()


def test_an_import_is_previewed_then_confirmed(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/zones/zone/import/")
    page.locator("input[type=file]").set_input_files(str(DATA / "zones_gbk.csv"))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Xiangtan High-tech Zone").first.wait_for()
    screenshot("preview")
    assert not Zone.objects.filter(slug="xiangtan-high-tech-zone").exists()
    page.get_by_role("button", name="Confirm import").click()
    page.get_by_text("Import finished").wait_for()
    screenshot("done", full_page=False)
    zone = Zone.objects.get(slug="xiangtan-high-tech-zone")
    assert (zone.name_zh, zone.publication) == ("湘潭高新技术产业开发区", "draft")


def test_a_bad_import_lists_its_errors(signed_in, screenshot):
    page = signed_in
    page.goto("/admin/zones/zone/import/")
    page.locator("input[type=file]").set_input_files(str(DATA / "zones_unknown_province.csv"))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("There is no province 'Atlantis'").first.wait_for()
    screenshot()
    assert page.get_by_role("button", name="Confirm import").count() == 0


def test_two_editors_one_zone_the_second_is_told_and_nothing_is_lost(
    documents, browser, live_server
):
    """Alice and Bob, each in a browser of their own, open the same zone; Alice saves first."""
    from django.contrib.auth import get_user_model

    pages = []
    for name in ("alice", "bob"):
        get_user_model().objects.create_superuser(name, "", "a-long-test-password")
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.goto("/admin/")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill("a-long-test-password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Registry administration").wait_for()
        pages.append(page)
    alice, bob = pages
    zone = Zone.objects.get(list_number=2)
    for page in pages:
        page.goto(f"/admin/zones/zone/{zone.pk}/change/")
    alice.get_by_label("City").fill("Tianjin (Alice)")
    alice.locator("input[name=_save]").first.click()
    alice.get_by_text("was changed successfully").wait_for()

    bob.get_by_label("Other names").fill("Bob's other name")
    bob.locator("input[name=_save]").first.click()
    error = bob.locator(".errornote, .errorlist.nonfield").first
    error.wait_for()
    text = bob.locator("form#zone_form").inner_text()
    assert "alice saved this zone at" in text and "nothing was overwritten" in text
    assert "City: now “Tianjin (Alice)”; in your form “Tianjin”" in text
    (DATA.parent / "screenshots").mkdir(exist_ok=True)
    bob.screenshot(path=str(DATA.parent / "screenshots" / "two-editors-refused.png"))
    zone.refresh_from_db()
    assert (zone.city, zone.other_names) == ("Tianjin (Alice)", "")

    bob.goto(f"/admin/zones/zone/{zone.pk}/change/")  # the record as it is now
    bob.get_by_label("Other names").fill("Bob's other name")
    bob.locator("input[name=_save]").first.click()
    bob.get_by_text("was changed successfully").wait_for()
    zone.refresh_from_db()
    assert (zone.city, zone.other_names) == ("Tianjin (Alice)", "Bob's other name")
    for page in pages:
        page.context.close()
