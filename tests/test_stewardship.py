"""Data stewardship: bulk import and export, history, roles, and review before publication."""

from pathlib import Path

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from import_export.formats.base_formats import XLSX

from core.registry import sync_roles
from core.resources import CSV
from figures.models import Figure
from incubators.models import Company
from innofund.models import Programme, Project
from zones.models import Province, Zone, ZoneStatistics
from zones.resources import ZoneResource, ZoneStatisticsResource

DATA = Path(__file__).parent / "data"


def read(name: str) -> tablib.Dataset:
    file_format = XLSX() if name.endswith(".xlsx") else CSV()
    return file_format.create_dataset((DATA / name).read_bytes())


def run_import(resource_class, dataset, dry_run=False, user=None):
    return resource_class().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
        rollback_on_validation_errors=True,
        user=user,
    )


def row_errors(result) -> list[str]:
    """Every problem an import reports, as 'row N: field: message' lines."""
    lines = [f"file: {error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            lines += [f"row {row.number}: {field}: {message}" for message in messages]
    for number, errors in result.row_errors():
        lines += [f"row {number}: {error.error}" for error in errors]
    return lines


@pytest.fixture
def roles(db):
    sync_roles()  # browser tests flush the database, groups and all


def person(role: str):
    user = get_user_model().objects.create_user(
        role.lower(), password="a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


# --- import -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["zones_utf8.csv", "zones_utf8_bom.csv", "zones_gbk.csv", "zones.xlsx"]
)
def test_good_files_in_every_encoding_and_format(documents, name):
    preview = run_import(ZoneResource, read(name), dry_run=True)
    assert row_errors(preview) == []
    assert preview.totals["new"] == 2
    assert not Zone.objects.filter(
        slug="xiangtan-high-tech-zone"
    ).exists()  # a preview writes nothing

    run_import(ZoneResource, read(name))
    xiangtan = Zone.objects.get(slug="xiangtan-high-tech-zone")
    assert (xiangtan.name_zh, xiangtan.province.name, str(xiangtan.vague_date("approved"))) == (
        "湘潭高新技术产业开发区", "Hunan", "March 2009",
    )  # fmt: skip
    park = Zone.objects.get(slug="example-software-park")
    assert (park.kind, park.province.name, park.publication) == ("software_park", "Hubei", "draft")


@pytest.mark.parametrize(
    ("name", "resource", "expected"),
    [
        ("zones_unknown_province.csv", ZoneResource,
         "row 1: province: There is no province 'Atlantis' (give its code or name or name zh)."),
        ("zone_statistics_negative_count.csv", ZoneStatisticsResource,
         "row 1: employees: Ensure this value is greater than or equal to 0."),
        ("zone_statistics_text_in_number.csv", ZoneStatisticsResource,
         "row 1: enterprises: 'many' is not a number."),
        ("zones_duplicate_key.csv", ZoneResource,
         "row 2: slug: 'twin-zone' is also in row 1: each record may appear once."),
        ("zones_missing_column.csv", ZoneResource,
         "file: The file has no column 'name': every row needs it."),
    ],
)  # fmt: skip
def test_bad_files_are_explained_by_row_and_column_and_write_nothing(
    documents, name, resource, expected
):
    zones, statistics = Zone.objects.count(), ZoneStatistics.objects.count()
    result = run_import(resource, read(name))
    assert expected in row_errors(result)
    assert (Zone.objects.count(), ZoneStatistics.objects.count()) == (zones, statistics)


def test_an_unreadable_encoding_is_refused():
    with pytest.raises(ValueError, match="UTF-8 or GBK"):
        read("zones_unreadable_encoding.csv")


def test_one_bad_row_and_nothing_is_written(documents):
    dataset = read("zones_utf8.csv")
    dataset.append(["bad-zone", "Bad Zone", "", "stip", "Atlantis", "", "", "", "", ""])
    result = run_import(ZoneResource, dataset)
    assert result.has_validation_errors()
    assert not Zone.objects.filter(slug__in=["xiangtan-high-tech-zone", "bad-zone"]).exists()


def test_statistics_rows_name_their_zone_by_slug_or_name(documents):
    result = run_import(ZoneStatisticsResource, read("zone_statistics_good.csv"))
    assert row_errors(result) == []
    rows = ZoneStatistics.objects.filter(zone__list_number=1).order_by("year")
    assert [(row.year, row.employees, int(row.revenue)) for row in rows] == [
        (2005, 700000, 150_000_000_000), (2006, 800000, 180_000_000_000),
    ]  # fmt: skip


def test_export_then_import_changes_nothing(documents):
    exported = ZoneResource().export()
    assert exported.headers[:4] == ["slug", "name", "name_zh", "kind"]
    zhongguancun = next(row for row in exported.dict if row["slug"] == "zhongguancun-science-park")
    assert (zhongguancun["province"], zhongguancun["approved"]) == ("110000", "1988-05-10")
    history = Zone.history.count()
    result = run_import(ZoneResource, tablib.Dataset().load(exported.csv, format="csv"))
    assert row_errors(result) == []
    assert result.totals["skip"] == Zone.objects.count() and result.totals["update"] == 0
    assert Zone.history.count() == history  # nothing changed, nothing recorded


def test_an_update_by_import_is_in_the_records_history(documents, roles):
    editor = person("Editors")
    dataset = ZoneResource().export(queryset=Zone.objects.filter(list_number=2))
    dataset.dict = [{**dataset.dict[0], "city": "Tianjin Binhai"}]
    result = run_import(ZoneResource, dataset, user=editor)
    assert result.totals["update"] == 1
    zone = Zone.objects.get(list_number=2)
    latest = zone.history.first()
    assert (latest.history_type, latest.city) == ("~", "Tianjin Binhai")
    assert latest.diff_against(latest.prev_record).changed_fields == ["city", "publication"]
    assert zone.publication == "draft"  # an editor's change waits for a reviewer


# --- history ------------------------------------------------------------------------------------


def test_admin_changes_are_recorded_with_who_and_what_and_can_be_reverted(admin_client, documents):
    zone = Zone.objects.get(list_number=3)
    url = f"/admin/zones/zone/{zone.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"city": "Shijiazhuang City", "sectors": [],
                 "statistics-TOTAL_FORMS": "0", "statistics-INITIAL_FORMS": "0"})  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    history = admin_client.get(f"/admin/zones/zone/{zone.pk}/history/").getvalue().decode()
    assert "Shijiazhuang City" in history and "admin" in history
    first = zone.history.earliest()
    revert = admin_client.get(f"/admin/zones/zone/{zone.pk}/history/{first.history_id}/")
    assert revert.status_code == 200 and "Revert" in revert.getvalue().decode()


def test_profiles_say_when_a_record_was_last_updated(client, documents):
    page = client.get("/zones/zhongguancun-science-park/").getvalue().decode()
    assert "Last updated" in page


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url", "allowed"),
    [
        ("Editors", "/admin/zones/zone/add/", True),
        ("Editors", "/admin/zones/zone/import/", True),
        ("Editors", "/admin/figures/figure/add/", True),
        ("Reviewers", "/admin/zones/zone/add/", True),
        ("Analysts", "/admin/zones/zone/", True),
        ("Analysts", "/admin/zones/zone/export/", True),
        ("Analysts", "/admin/zones/zone/add/", False),
        ("Analysts", "/admin/zones/zone/import/", False),
    ],
)
def test_what_each_role_may_open(client, roles, documents, role, url, allowed):
    client.force_login(person(role))
    assert (client.get(url).status_code == 200) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("Editors", False), ("Reviewers", True), ("Analysts", False)]
)
def test_only_reviewers_delete(client, roles, documents, role, allowed):
    client.force_login(person(role))
    zone = Zone.objects.get(list_number=4)
    client.post(f"/admin/zones/zone/{zone.pk}/delete/", {"post": "yes"})
    assert Zone.objects.filter(pk=zone.pk).exists() is not allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("Editors", False), ("Reviewers", True), ("Analysts", False)]
)
def test_only_reviewers_publish_many_at_once(client, roles, documents, role, allowed):
    drafts = Zone.objects.filter(list_number__in=[5, 6, 7])
    drafts.update(publication="draft")
    client.force_login(person(role))
    client.post(
        "/admin/zones/zone/", {"action": "publish", "_selected_action": [z.pk for z in drafts]}
    )
    published = Zone.objects.filter(list_number__in=[5, 6, 7], publication="published").count()
    assert published == (3 if allowed else 0)


def test_an_editor_cannot_publish_through_the_form(client, roles, documents, province, source):
    client.force_login(person("Editors"))
    response = client.post("/admin/zones/zone/add/", {
        "kind": "stip", "name": "Editor's Zone", "province": province.pk, "status": "active",
        "publication": "published", "statistics-TOTAL_FORMS": "0", "statistics-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302
    assert Zone.objects.get(name="Editor's Zone").publication == "draft"


def test_analysts_change_nothing(client, roles, documents):
    client.force_login(person("Analysts"))
    zone = Zone.objects.get(list_number=8)
    response = client.post(f"/admin/zones/zone/{zone.pk}/change/", {"name": "Renamed"})
    assert response.status_code == 403
    assert Zone.objects.get(pk=zone.pk).name != "Renamed"


def test_the_admin_import_previews_then_writes(client, roles, documents):
    client.force_login(person("Editors"))
    with open(DATA / "zones_gbk.csv", "rb") as upload:
        preview = client.post("/admin/zones/zone/import/", {"import_file": upload, "format": "0"})
    page = preview.getvalue().decode()
    assert preview.status_code == 200 and "Xiangtan High-tech Zone" in page and "New" in page
    assert not Zone.objects.filter(slug="xiangtan-high-tech-zone").exists()
    confirm = preview.context["confirm_form"]
    done = client.post("/admin/zones/zone/process_import/", {
        name: confirm[name].value() for name in confirm.fields
    })  # fmt: skip
    assert done.status_code == 302
    assert (
        Zone.objects.get(slug="xiangtan-high-tech-zone").history.first().history_user.username
        == "editors"
    )


def test_the_admin_import_lists_errors_and_offers_no_confirm(client, roles, documents):
    client.force_login(person("Editors"))
    with open(DATA / "zones_unknown_province.csv", "rb") as upload:
        page = client.post("/admin/zones/zone/import/", {"import_file": upload, "format": "0"})
    html = page.getvalue().decode()
    assert "There is no province &#x27;Atlantis&#x27;" in html
    assert page.context.get("confirm_form") is None


def test_anonymous_visitors_never_reach_the_admin(client, documents):
    for url in ["/admin/", "/admin/zones/zone/", "/admin/zones/zone/import/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- review before publication -------------------------------------------------------------------

MARK = "Draftmark"


@pytest.fixture
def drafts(documents, province, source):
    zone = Zone.objects.create(kind="stip", name=f"{MARK} Zone", province=province, source=source)
    company = Company.objects.create(name=f"{MARK} Company", province=province, zone=zone)
    programme = Programme.objects.get(slug="innofund")
    Project.objects.create(name=f"{MARK} Project", programme=programme, company=company, year=2005)
    # Published records whose related records are drafts must not give the drafts away either.
    public = Company.objects.create(name="Public Co", province=province, zone=zone,
                                    publication="published")  # fmt: skip
    Project.objects.create(name="Public project", programme=programme, company=company, year=2006,
                           publication="published")  # fmt: skip
    assert public.zone == zone
    figure = Figure.objects.get(key="national-high-tech-zones-2024")
    figure.pk, figure.key, figure.value, figure.publication = None, "draft-figure", 987654, "draft"
    figure.quote = f"{MARK} Figure"
    figure.save()
    Province.objects.filter(pk=province.pk)  # the province itself is public
    return zone


PUBLIC_URLS = [
    "/", "/zones/", "/zones/?q=Draftmark", "/zones/?export=csv", "/zones/?export=xlsx",
    "/companies/", "/companies/?export=csv", "/innofund/", "/innofund/?export=csv",
    "/provinces/beijing/", "/search/?q=Draftmark", "/sources/scio-briefing-miit-2024/",
    "/sources/test-source/", "/dashboards/", "/dashboards/zone-growth.json",
    "/dashboards/zones-by-place.csv", "/dashboards/innofund-grants.json",
    "/dashboards/zone-statistics/", "/innofund/programmes/innofund/",
]  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_drafts_are_on_no_public_page(client, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.getvalue().decode("utf-8", errors="replace")
    for kind in ["Zone", "Company", "Project", "Figure"]:
        assert f"{MARK} {kind}" not in content, kind
        assert f"{MARK.lower()}-{kind.lower()}" not in content, kind  # nor their slugs
    assert "987654" not in content and "987,654" not in content


def test_a_draft_companys_name_does_not_find_its_projects(client, drafts):
    assert client.get("/innofund/?q=Draftmark+Company").context["result_count"] == 0
    assert client.get("/api/v1/projects/?q=Draftmark").json()["count"] == 0
    assert client.get("/innofund/?q=Public").context["result_count"] == 1


def test_a_drafts_profile_is_not_found_until_published(client, drafts):
    assert client.get(drafts.get_absolute_url()).status_code == 404
    drafts.publication = "published"
    drafts.save()
    assert client.get(drafts.get_absolute_url()).status_code == 200


def test_the_admin_shows_drafts_clearly(admin_client, drafts):
    page = admin_client.get("/admin/zones/zone/?publication__exact=draft").getvalue().decode()
    assert f"{MARK} Zone" in page and 'class="draft-badge"' in page
