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
