"""Two editors, one record: a save from a copy someone has changed since is refused, and says
what changed; nothing is overwritten. The same for inlines, the publish actions and imports."""

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ops.cluster import form_values as page_form_values
from zones.models import Zone, ZoneStatistics


def form_values(response, form_id: str) -> dict:
    """What a browser would send for the page's form (see ops.cluster.FormValues)."""
    return page_form_values(response.content.decode(), form_id)


@pytest.fixture
def editors(db):
    """Two signed-in editors (superusers here: the roles are tested elsewhere)."""
    clients = []
    for name in ("alice", "bob"):
        get_user_model().objects.create_superuser(name, f"{name}@example.org", "pw")
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        clients.append(client)
    return clients


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def test_the_second_save_from_a_stale_form_is_refused_and_names_the_change(zone, editors):
    alice, bob = editors
    url = change_url(zone)
    alices_form = form_values(alice.get(url), "zone_form")
    bobs_form = form_values(bob.get(url), "zone_form")
    assert alices_form["seen_version"]

    response = alice.post(url, {**alices_form, "name": "Alice's name"})
    assert response.status_code == 302
    response = bob.post(url, {**bobs_form, "city": "Bob's city"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "alice saved this zone at" in page
    assert "nothing was overwritten" in page
    assert "now “Alice&#x27;s name”; in your form “Test High-tech Zone”" in page
    zone.refresh_from_db()
    assert (zone.name, zone.city) == ("Alice's name", "")
    # Reloaded, Bob's change applies over Alice's.
    fresh = form_values(bob.get(url), "zone_form")
    assert bob.post(url, {**fresh, "city": "Bob's city"}).status_code == 302
    zone.refresh_from_db()
    assert (zone.name, zone.city) == ("Alice's name", "Bob's city")


def test_a_stale_statistics_row_is_refused(zone, source, editors):
    ZoneStatistics.objects.create(zone=zone, year=2006, enterprises=100, source=source)
    alice, bob = editors
    url = change_url(zone)
    alices_form = form_values(alice.get(url), "zone_form")
    bobs_form = form_values(bob.get(url), "zone_form")
    assert alice.post(url, {**alices_form, "statistics-0-enterprises": "120"}).status_code == 302
    response = bob.post(url, {**bobs_form, "statistics-0-employees": "5000"})
    assert response.status_code == 200
    assert "alice saved this zone statistics at" in response.content.decode()
    row = ZoneStatistics.objects.get()
    assert (row.enterprises, row.employees) == (120, None)


def test_publishing_from_a_stale_list_changes_nothing(zone, editors):
    zone.publication = "draft"
    zone.save()
    alice, bob = editors
    changelist = reverse("admin:zones_zone_changelist")
    seen = form_values(bob.get(changelist), "changelist-form")
    assert seen[f"seen_version_{zone.pk}"]

    alice.post(change_url(zone), {**form_values(alice.get(change_url(zone)), "zone_form"),
                                  "name": "Renamed by Alice"})  # fmt: skip
    response = bob.post(
        changelist, {**seen, "action": "publish", "_selected_action": [zone.pk]}, follow=True
    )
    assert "Nothing was changed: these records were saved by someone else" in (
        response.content.decode()
    )
    zone.refresh_from_db()
    assert zone.publication == "draft"
    # From a list shown now, it publishes.
    seen = form_values(bob.get(changelist), "changelist-form")
    bob.post(changelist, {**seen, "action": "publish", "_selected_action": [zone.pk]})
    zone.refresh_from_db()
    assert zone.publication == "published"


def test_an_import_confirmed_after_its_record_changed_is_refused(zone, province, source, editors):
    alice, bob = editors
    dataset = tablib.Dataset(headers=["slug", "name", "kind", "province", "source"])
    dataset.append([zone.slug, "Name from the file", "stip", province.code, source.key])
    upload = SimpleUploadedFile("zones.csv", dataset.export("csv").encode(), "text/csv")
    preview = bob.post(reverse("admin:zones_zone_import"), {"import_file": upload, "format": "0"})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    confirm = {field.name: field.value() for field in preview.context["confirm_form"]}
    assert confirm["previewed_at"]

    alice.post(change_url(zone), {**form_values(alice.get(change_url(zone)), "zone_form"),
                                  "city": "Changed by Alice"})  # fmt: skip
    response = bob.post(reverse("admin:zones_zone_process_import"), confirm, follow=True)
    page = response.content.decode()
    assert "Nothing was imported" in page and "row 2" in page
    zone.refresh_from_db()
    assert (zone.name, zone.city) == ("Test High-tech Zone", "Changed by Alice")


def test_a_save_from_a_fresh_form_goes_through(zone, editors):
    alice, _bob = editors
    url = change_url(zone)
    for name in ("First", "Second"):
        response = alice.post(url, {**form_values(alice.get(url), "zone_form"), "name": name})
        assert response.status_code == 302
    assert Zone.objects.get(pk=zone.pk).name == "Second"
