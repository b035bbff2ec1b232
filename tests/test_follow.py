"""Following changes: the recent changes page and the Atom feeds of the registry, of each
directory (its filters kept) and of each profile. Drafts, bookkeeping fields and who made a
change never show; old and new values do; the queries do not grow with the data."""

import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.contrib.auth import get_user_model

from core.changes import CHANGES_AT_ONCE
from figures.models import Claim
from zones.models import Province, Zone, ZoneStatistics

ATOM = "{http://www.w3.org/2005/Atom}"
EDITOR = "zhang-wei-editor-4711"  # a name no change may reveal
REASON = "asked for by wang-fang-4712"


def atom(response) -> ET.Element:
    """The feed, parsed: Atom, with its required parts."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for part in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{part}") is not None, part
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    for entry in feed.findall(f"{ATOM}entry"):
        for part in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{part}") is not None, part
    return feed


def entries(feed) -> list[dict]:
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": unescape(entry.find(f"{ATOM}summary").text or ""),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def saved(record, **changes):
    """Change a record as an editor named EDITOR would, giving a reason that names a person."""
    editor, _created = get_user_model().objects.get_or_create(username=EDITOR)
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = editor
    record._change_reason = REASON
    record.save()
    return record


@pytest.fixture
def guangdong(db):
    province, _ = Province.objects.get_or_create(
        code="440000", defaults={"name": "Guangdong", "name_zh": "广东省", "region": "south"}
    )
    return province


@pytest.fixture
def zones(zone, guangdong, source):
    """A published STIP in Beijing (`zone`) and one in Guangdong, each changed once."""
    shenzhen = Zone.objects.create(
        kind=Zone.Kind.STIP,
        name="Shenzhen High-tech Zone",
        province=guangdong,
        city="Shenzen",
        source=source,
        publication="published",
    )
    saved(shenzhen, city="Shenzhen")
    saved(zone, city="Haidian")
    return zone, shenzhen


def test_the_registry_feed_tells_each_change_with_old_and_new_values(client, zones):
    beijing, shenzhen = zones
    feed = atom(client.get("/changes/feed.atom"))
    found = entries(feed)
    change = next(e for e in found if "changed" in e["title"] and "Shenzhen" in e["title"])
    assert "City" in change["title"]
    assert "Shenzen" in change["summary"] and "Shenzhen" in change["summary"]
    assert "Test yearbook" in change["summary"]  # the source cited
    assert change["link"] == f"http://testserver{shenzhen.get_absolute_url()}"
    assert any("added" in e["title"] and "Shenzhen" in e["title"] for e in found)
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/changes/feed.atom"
    )


def test_a_directory_feed_keeps_the_directorys_filters(client, zones):
    beijing, shenzhen = zones
    response = client.get("/zones/?kind=stip&province=guangdong&page=2&sort=name")
    href = "/zones/feed.atom?kind=stip&amp;province=guangdong"
    assert '<link rel="alternate" type="application/atom+xml"' in response.content.decode()
    assert f'href="{href}"' in response.content.decode()  # page and sort left out
    assert "Follow (Atom)" in response.content.decode()

    feed = atom(client.get("/zones/feed.atom?kind=stip&province=guangdong"))
    found = entries(feed)
    assert found and all(e["link"].endswith(shenzhen.get_absolute_url()) for e in found)
    assert "Guangdong" in feed.find(f"{ATOM}title").text
    everywhere = entries(atom(client.get("/zones/feed.atom")))
    assert {e["link"] for e in everywhere} == {
        f"http://testserver{zone.get_absolute_url()}" for zone in zones
    }
    # A filter that selects nothing follows nothing.
    assert entries(atom(client.get("/zones/feed.atom?province=nowhere"))) == []


def test_a_profile_feed_tells_the_records_own_changes(client, zones):
    beijing, shenzhen = zones
    page = client.get(beijing.get_absolute_url()).content.decode()
    assert f'href="{beijing.get_absolute_url()}feed.atom"' in page
    found = entries(atom(client.get(f"{beijing.get_absolute_url()}feed.atom")))
    assert len(found) == 2  # added, then its city changed
    assert all(e["link"].endswith(beijing.get_absolute_url()) for e in found)
    assert "Haidian" in found[0]["summary"]


def test_drafts_bookkeeping_and_who_changed_never_show(client, zones, province, source):
    beijing, shenzhen = zones
    draft = Zone.objects.create(
        kind=Zone.Kind.STIP, name="Secret Draft Zone", province=province, source=source
    )
    saved(draft, city="Secret City")
    # An editor's change makes a published zone a draft until a reviewer publishes it again.
    saved(shenzhen, name="Unreviewed Name", publication="draft")
    addresses = ["/changes/", "/changes/feed.atom", "/zones/feed.atom", "/zh-hans/changes/"]
    for address in addresses:
        text = client.get(address).content.decode()
        for secret in ("Secret", "Unreviewed Name", "Shenzhen", EDITOR, "wang-fang"):
            assert secret not in text, (address, secret)
    assert client.get(f"{draft.get_absolute_url()}feed.atom").status_code == 404

    saved(shenzhen, name="Reviewed Name", publication="published")
    for address in ("/changes/", "/changes/feed.atom", "/zones/feed.atom"):
        text = unescape(client.get(address).content.decode())
        assert "Shenzhen High-tech Zone" in text and "Reviewed Name" in text  # old -> new
        for secret in ("Secret", "Unreviewed Name", EDITOR, "wang-fang", "Publication"):
            assert secret not in text, (address, secret)
    # Unpublished again: it leaves the feeds, with all its history.
    saved(shenzhen, publication="draft")
    text = client.get("/changes/feed.atom").content.decode()
    assert "Reviewed Name" not in text and "Shenzhen" not in text
    # The draft published at last: "published", without what it was while a draft.
    saved(draft, publication="published")
    newest = entries(atom(client.get("/changes/feed.atom")))[0]
    assert newest["title"] == "Zone published: Secret Draft Zone"
    assert newest["summary"].count("<li>") == 0


def test_a_published_claim_about_a_draft_zone_stays_out(client, zones, province, source):
    draft = Zone.objects.create(
        kind=Zone.Kind.STIP, name="Secret Draft Zone", province=province, source=source
    )
    Claim.objects.create(key="secret-claim", zone=draft, field="name_zh", value="秘密园区",
                         source=source, quote="秘密园区", publication="published")  # fmt: skip
    for address in ("/changes/", "/changes/feed.atom", "/changes/?kind=claims"):
        text = client.get(address).content.decode()
        assert "Secret" not in text and "秘密" not in text, address


def test_statistics_follow_their_zone(client, zones, source):
    beijing, shenzhen = zones
    statistics = ZoneStatistics.objects.create(
        zone=beijing, year=2006, enterprises=100, source=source
    )
    saved(statistics, enterprises=120)
    found = entries(atom(client.get("/changes/feed.atom")))
    change = next(e for e in found if "Enterprises" in e["title"])
    assert "100" in change["summary"] and "120" in change["summary"]
    assert change["link"].endswith(beijing.get_absolute_url())  # shown on the zone's profile
    saved(beijing, publication="draft")
    text = client.get("/changes/feed.atom").content.decode()
    assert "Enterprises" not in text and "2006" not in text


def test_chinese_feeds_speak_chinese(client, zones):
    response = client.get("/zh-hans/changes/feed.atom")
    feed = atom(response)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    text = unescape(response.content.decode())
    assert "城市" in text  # the field's label
    assert "/zh-hans/zones/" in text  # links to the Chinese profiles
    page = client.get("/zh-hans/zones/?province=guangdong").content.decode()
    assert 'href="/zh-hans/zones/feed.atom?province=guangdong"' in page


def test_the_recent_changes_page(client, zones):
    beijing, shenzhen = zones
    page = client.get("/changes/")
    text = unescape(page.content.decode())
    assert page.status_code == 200
    assert 'href="/changes/feed.atom"' in text and "Follow (Atom)" in text
    assert "Shenzen" in text and "Haidian" in text and "Test yearbook" in text
    assert f'href="{shenzhen.get_absolute_url()}"' in text
    assert text.index("Haidian") < text.index("Shenzen")  # newest first
    only_provinces = unescape(client.get("/changes/?kind=provinces").content.decode())
    assert "Haidian" not in only_provinces and "Guangdong" in only_provinces
    assert 'href="/changes/feed.atom?kind=provinces"' in only_provinces
    assert "Guangdong" in entries(atom(client.get("/changes/feed.atom?kind=provinces")))[0]["title"]
    bad = client.get("/changes/?kind=<script>")
    assert bad.status_code == 200 and "not one the registry holds" in bad.content.decode()
    # The footer leads here; the home page offers the registry's feed.
    home = client.get("/").content.decode()
    assert 'href="/changes/"' in home and 'href="/changes/feed.atom"' in home


def test_the_recent_changes_are_bounded(client, zones, province):
    for number in range(CHANGES_AT_ONCE + 5):
        Zone.objects.create(
            kind="stip", name=f"Zone {number}", province=province, publication="published"
        )
    assert len(entries(atom(client.get("/changes/feed.atom")))) == CHANGES_AT_ONCE
    first = client.get("/changes/").content.decode()
    assert first.count('class="change ') == CHANGES_AT_ONCE and "?page=2" in first
    second = client.get("/changes/?page=2").content.decode()
    assert "Zone 0" in second and "?page=3" not in second
    assert client.get("/changes/?page=99999999999999999999999").status_code == 200


def test_only_pages_that_can_be_followed_have_feeds(client, zones):
    assert client.get("/nowhere/feed.atom").status_code == 404
    assert client.get("/downloads/feed.atom").status_code == 404
    assert client.get("/zones/no-such-zone/feed.atom").status_code == 404


def build_changes(size, province, source):
    """`size` zones, each added and changed, each with statistics: the newest changes mix
    both models at every size."""
    for number in range(size):
        zone = Zone.objects.create(
            kind="stip", name=f"Zone {number}", province=province, source=source,
            publication="published",
        )  # fmt: skip
        zone.city = f"City {number}"
        zone.save()
        ZoneStatistics.objects.create(zone=zone, year=2006, enterprises=number, source=source)


@pytest.mark.parametrize(
    "address", ["/changes/feed.atom", "/zones/feed.atom?kind=stip", "/changes/", "/zones/"]
)
def test_queries_do_not_grow_with_the_history(client, queries_at_sizes, province, source, address):
    counts = queries_at_sizes(
        lambda size: build_changes(size, province, source),
        lambda: client.get(address),
        sizes=(30, 200),
    )
    assert counts[30] == counts[200], counts
