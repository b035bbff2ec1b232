"""Releases of the published data: numbered and dated, made only when the published data
changed, their files kept unchanged for good and served with their checksum, what changed
listed table by table, made by reviewers only (and daily by a command), shown on the open data
page."""

import hashlib
import io
import threading
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.timezone import localtime

from core.cache import data_changed, data_version
from core.registry import sync_roles
from figures.models import Source
from portal.models import Release
from portal.prebuilt import Lock
from portal.releases import LISTED, Busy, folder, make_release
from zones.models import Zone


def release():
    return make_release().release


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def changes_of(made: Release, table: str) -> dict:
    return next(t for t in made.changes["tables"] if t["table"] == table)


def test_releases_are_numbered_and_dated_and_only_made_when_the_published_data_changed(
    documents,
):
    first = release()
    assert (first.number, first.released_by) == (1, None)
    assert first.changes["first"] is True
    assert release() is None  # nothing changed
    zone = Zone.objects.get(list_number=1)
    zone.city = "Haidian, Beijing"
    zone.save()
    second = release()
    assert second.number == 2 and second.released_at >= first.released_at
    assert second.changes["first"] is False
    assert [t["table"] for t in second.changes["tables"]] == ["zones"]


def test_a_draft_moves_the_data_version_but_makes_no_release(documents, province):
    first = release()
    Zone.objects.create(kind="stip", name="A Draft Zone", province=province)
    assert data_version() != Release.objects.get().data_version
    assert make_release().release is None and Release.objects.count() == 1
    # ...and the check is remembered: the next run needs not write a package to know.
    assert Release.objects.get(pk=first.pk).data_version == data_version()


def test_the_daily_command_twice_in_a_row_makes_one_release(documents):
    out = io.StringIO()
    call_command("release_data", stdout=out)
    call_command("release_data", stdout=out)
    assert Release.objects.count() == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Made release 1: ")
    assert lines[1] == "The published data has not changed since release 1: no release made."


def test_two_at_once_on_one_machine_make_one_release(documents):
    lock = Lock(folder())  # another run holds the lock
    assert lock.acquire()
    try:
        with pytest.raises(Busy):
            make_release()
        out = io.StringIO()
        call_command("release_data", stdout=out)
        assert "Another release is being made now" in out.getvalue()
    finally:
        lock.release()
    assert Release.objects.count() == 0
    assert release().number == 1


def test_a_number_taken_by_another_server_meanwhile_is_not_taken_twice(documents, monkeypatch):
    """Two servers: the other one releases while this one writes its package."""
    from portal import releases

    write = releases.write_data_package
    other = threading.Event()

    def write_while_another_releases(target):
        write(target)
        if not other.is_set():
            other.set()
            Release.objects.create(
                number=1, released_at="2026-01-01T00:00:00Z", filename="x.zip", sha256="0" * 64,
                size=1, fingerprint=releases.package_fingerprint(target), data_version=0,
            )  # fmt: skip

    monkeypatch.setattr(releases, "write_data_package", write_while_another_releases)
    outcome = make_release()
    assert outcome.release is None and Release.objects.count() == 1


def test_a_change_made_while_a_release_is_written_goes_into_the_next(documents, monkeypatch):
    from portal import releases

    write = releases.write_data_package

    def write_then_someone_saves(target):
        write(target)
        monkeypatch.setattr(releases, "write_data_package", write)  # once
        zone = Zone.objects.get(list_number=1)
        zone.city = "Changed meanwhile"
        zone.save()

    monkeypatch.setattr(releases, "write_data_package", write_then_someone_saves)
    first = release()
    with zipfile.ZipFile(first.path) as package:
        assert "Changed meanwhile" not in package.read("data/zones.csv").decode()
    second = release()  # not taken for unchanged
    assert second is not None and second.number == 2
    assert changes_of(second, "zones")["changed"]["count"] == 1
    assert release() is None


def test_the_checksum_is_the_served_files_and_the_file_stays_after_the_data_changes(
    client, documents
):
    first = release()
    response = client.get(first.file_url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["ETag"] == f'"{first.sha256}"'
    assert "X-Cache" not in response  # never in the page cache
    content = body(response)
    assert hashlib.sha256(content).hexdigest() == first.sha256 and len(content) == first.size
    assert client.get(first.file_url, HTTP_IF_NONE_MATCH=f'"{first.sha256}"').status_code == 304

    zone = Zone.objects.get(list_number=1)
    zone.name = "Renamed Science Park"
    zone.save()
    second = release()
    assert hashlib.sha256(body(client.get(first.file_url))).hexdigest() == first.sha256
    with zipfile.ZipFile(first.path) as old, zipfile.ZipFile(second.path) as new:
        assert "Renamed Science Park" not in old.read("data/zones.csv").decode()
        assert "Renamed Science Park" in new.read("data/zones.csv").decode()
    assert client.get(f"/downloads/releases/1/{second.filename}").status_code == 404


def test_what_changed_names_the_records_added_removed_and_changed(documents, province, source):
    release()
    Zone.objects.create(
        kind="stip", name="New Zone", slug="new-zone", province=province, source=source,
        publication="published",
    )  # fmt: skip
    changed = Zone.objects.get(list_number=2)
    changed.city = "Elsewhere"
    changed.save()
    gone = Zone.objects.get(list_number=3)
    gone.publication = "draft"  # no longer published: gone from the release
    gone.save()
    made = release()
    zones = changes_of(made, "zones")
    assert zones["added"] == {"count": 1, "records": [{"key": "new-zone", "name": "New Zone"}]}
    assert zones["removed"]["records"] == [{"key": gone.slug, "name": gone.name}]
    assert zones["changed"]["records"] == [{"key": changed.slug, "name": changed.name}]
    # Statistics of the unpublished zone left with it, each named by its natural key.
    statistics = [t for t in made.changes["tables"] if t["table"] == "zone-statistics"]
    for record in statistics[0]["removed"]["records"] if statistics else []:
        assert record["key"].startswith(f"{gone.slug}/")


def test_what_changed_is_bounded(documents):
    first = release()
    sources = changes_of(first, "sources")  # the first release counts what it holds
    assert sources["added"] == {"count": Source.objects.count(), "records": []}
    Source.objects.update(publisher="Another publisher")  # many at once, as a script might
    data_changed()
    sources = changes_of(release(), "sources")
    assert sources["changed"]["count"] == Source.objects.count() > LISTED
    assert len(sources["changed"]["records"]) == LISTED


def test_the_release_page_and_list(client, documents, django_assert_max_num_queries):
    first = release()
    zone = Zone.objects.get(list_number=1)
    zone.city = "Haidian"
    zone.save()
    release()
    first_page = client.get("/downloads/releases/1/").getvalue().decode()
    assert "What it holds (the first release)" in first_page and " more" not in first_page
    page = client.get("/downloads/releases/2/").getvalue().decode()
    assert first.sha256 not in page and Release.objects.get(number=2).sha256 in page
    assert "/downloads/releases/2/torch-portal-data-release-2.zip" in page
    assert zone.slug in page  # what changed
    assert "Cite this" in page and "Release 2" in page
    with django_assert_max_num_queries(8):
        listing = client.get("/downloads/releases/").getvalue().decode()
    assert listing.index("/downloads/releases/2/") < listing.index("/downloads/releases/1/")
    assert client.get("/downloads/releases/3/").status_code == 404
    assert client.get("/zh-hans/downloads/releases/1/").status_code == 200


def test_a_release_is_dated_the_same_way_in_its_title_and_its_facts(client, documents):
    """The day reads alike in the page's lead and its "Released" line, in either language."""
    made = localtime(release().released_at)
    english = client.get("/downloads/releases/1/").getvalue().decode()
    day = f"{made.day} {made:%B %Y}"
    assert f"as it stood on {day}" in english and f">{day}, {made:%H:%M}</time>" in english
    chinese = client.get("/zh-hans/downloads/releases/1/").getvalue().decode()
    assert f">{made.year}年{made.month}月{made.day}日 {made:%H:%M}</time>" in chinese
    listing = client.get("/downloads/releases/").getvalue().decode()
    assert f">{day}, {made:%H:%M}</time>" in listing


def test_the_open_data_page_shows_the_latest_release(client, documents):
    page = client.get("/downloads/").getvalue().decode()
    assert "The data has not been released yet." in page and "/downloads/releases/" in page
    release()
    page = client.get("/downloads/").getvalue().decode()
    assert 'href="/downloads/releases/1/"' in page and "Release 1" in page


def test_a_release_changes_what_cached_pages_show(client, documents, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = "/zones/zhongguancun-science-park/"
    assert "The data has not been released yet" in client.get(url).getvalue().decode()
    assert client.get(url)["X-Cache"] == "hit"
    release()
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "/downloads/releases/1/" in response.getvalue().decode()


# Who may release ------------------------------------------------------------------------------


def person(role: str):
    user = get_user_model().objects.create_user(
        role.lower(), password="a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    ("role", "allowed"), [("Editors", False), ("Reviewers", True), ("Analysts", False)]
)
def test_only_reviewers_release(client, documents, role, allowed):
    sync_roles()
    client.force_login(person(role))
    assert client.get("/admin/portal/release/").status_code == 200  # all may look
    assert (client.get("/admin/portal/release/add/").status_code == 200) is allowed
    response = client.post("/admin/portal/release/add/")
    assert response.status_code == (302 if allowed else 403)
    assert Release.objects.count() == (1 if allowed else 0)
    if allowed:
        assert Release.objects.get().released_by.username == "reviewers"


def test_releasing_again_with_nothing_changed_is_refused_with_a_message(admin_client, documents):
    page = admin_client.get("/admin/portal/release/").getvalue().decode()
    assert "Release the published data now" in page
    assert (
        "this will be release 1"
        in admin_client.get("/admin/portal/release/add/").getvalue().decode()
    )
    admin_client.post("/admin/portal/release/add/")
    page = admin_client.get("/admin/portal/release/add/").getvalue().decode()
    assert "Nothing has changed in the data since then" in page  # said before asking
    response = admin_client.post("/admin/portal/release/add/", follow=True)
    assert Release.objects.count() == 1
    assert "Nothing in the published data has changed since Release 1" in (
        response.getvalue().decode()
    )
    release_one = Release.objects.get()
    assert admin_client.post(f"/admin/portal/release/{release_one.pk}/delete/").status_code == 403


def test_a_reviewers_release_is_made_apart_from_the_request(
    admin_client, documents, settings, monkeypatch
):
    """Writing the package takes minutes at national scale: the admin starts the daily command
    in a process of its own and says so; the command records who asked."""
    settings.RELEASES_IN_BACKGROUND = True
    started = []
    monkeypatch.setattr("portal.admin.start_release", started.append)
    response = admin_client.post("/admin/portal/release/add/", follow=True)
    assert [user.username for user in started] == ["admin"]
    assert Release.objects.count() == 0  # not made while the request waited
    assert "The release is being made in the background" in response.getvalue().decode()

    call_command("release_data", "--by", "admin", stdout=io.StringIO())
    assert Release.objects.get().released_by.username == "admin"
