"""Scale: the synthetic dataset, the page cache and its invalidation, and pages that stay small
however many related records there are."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from core.cache import data_version
from core.generic import RELATED_SHOWN
from figures.models import Source
from incubators.models import Company, Incubator
from innofund.models import Project
from ops.synthetic import FULL_SCALE, SOURCE_KEY
from zones.models import Province, Zone, ZoneStatistics

PUBLISHED = {"publication": "published"}


@pytest.fixture
def synthetic(db):
    call_command("generate_synthetic", scale=0.002, verbosity=0)


def test_synthetic_data_is_labelled_and_scaled(synthetic):
    assert Zone.objects.count() == FULL_SCALE["zones"] * 0.002
    assert Company.objects.count() == FULL_SCALE["companies"] * 0.002
    assert Project.objects.count() == FULL_SCALE["projects"] * 0.002
    assert ZoneStatistics.objects.count() == Zone.objects.count() * 40
    assert Province.objects.count() == 34  # real reference data (GB/T 2260) for maps and filters
    source = Source.objects.get(key=SOURCE_KEY)
    assert "Synthetic" in source.title and "not real" in source.title
    for model in (Zone, Incubator, Company, Project):
        assert not model.objects.exclude(source=source).exists()
        assert not model.objects.exclude(name__startswith="Synthetic").exists()


def test_synthetic_pages_render(synthetic, client):
    zone = Zone.objects.first()
    for url in ["/zones/", "/companies/?q=Jade", zone.get_absolute_url(), "/dashboards/"]:
        assert client.get(url).status_code == 200, url
    company = Company.objects.create(name="Synthetic after generation", **PUBLISHED)
    assert company.pk > Company.objects.exclude(pk=company.pk).latest("pk").pk  # ids continue


def test_search_results_keep_alphabetical_order(client, province, source):
    for name in ["Zeta Optics", "Alpha Optics", "Mu Optics", "Beta Chips"]:
        Company.objects.create(name=name, province=province, **PUBLISHED)
    page = client.get("/companies/?q=optics").getvalue().decode()
    positions = [page.index(name) for name in ["Alpha Optics", "Mu Optics", "Zeta Optics"]]
    assert positions == sorted(positions) and "Beta Chips" not in page


# The page cache ------------------------------------------------------------------------------


def test_a_page_is_served_from_the_cache_until_the_data_changes(client, zone):
    first = client.get("/zones/")
    assert first["X-Cache"] == "miss"
    assert client.get("/zones/")["X-Cache"] == "hit"
    zone.name = "Renamed Zone"
    zone.save()
    fresh = client.get("/zones/")
    assert fresh["X-Cache"] == "miss" and "Renamed Zone" in fresh.getvalue().decode()


@pytest.mark.parametrize("change", ["delete", "sectors", "statistics", "unpublish"])
def test_every_kind_of_change_refreshes_pages(client, zone, source, change):
    url = zone.get_absolute_url()
    client.get(url)
    before = data_version()
    if change == "delete":
        zone.delete()
    elif change == "sectors":
        zone.sectors.create(name="Optics", slug="optics")
    elif change == "statistics":
        ZoneStatistics.objects.create(zone=zone, year=2020, enterprises=5, source=source)
    else:
        zone.publication = "draft"
        zone.save()
    assert data_version() > before
    response = client.get(url)
    assert response.status_code == (200 if change in {"sectors", "statistics"} else 404)


def test_charts_are_cached_per_language_and_refreshed(client, zone):
    english = client.get("/dashboards/zones-by-place.json")
    chinese = client.get("/zh-hans/dashboards/zones-by-place.json")
    assert english.content != chinese.content  # two languages, two entries
    assert client.get("/dashboards/zones-by-place.json")["X-Cache"] == "hit"
    Zone.objects.create(kind="stip", name="Second Zone", province=zone.province, **PUBLISHED)
    assert client.get("/dashboards/zones-by-place.json")["X-Cache"] == "miss"


def test_signed_in_users_admin_and_api_are_not_page_cached(admin_client, client, zone):
    admin_client.get("/zones/")
    assert "X-Cache" not in admin_client.get("/zones/")
    assert "X-Cache" not in admin_client.get("/admin/zones/zone/")
    assert "X-Cache" not in client.get("/api/v1/zones/")


def test_api_lists_are_cached_but_still_throttled(client, zone, settings):
    from django.core.cache import cache

    url = "/api/v1/zones/?q=Test+High-tech"
    assert client.get(url).json()["count"] == 1
    Zone.objects.filter(pk=zone.pk).update(city="Changed behind the cache's back")
    assert client.get(url).json()["results"][0]["city"] == zone.city  # cached
    zone.refresh_from_db()
    zone.save()  # a real change moves the data version on
    assert client.get(url).json()["results"][0]["city"] == "Changed behind the cache's back"
    settings.API_ANON_RATE = "2/minute"
    cache.clear()
    statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert 429 in statuses


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
        }
    }
)
def test_redis_cache_serves_and_invalidates(client, zone):
    from django.core.cache import cache

    cache.clear()
    assert client.get("/zones/")["X-Cache"] == "miss"
    assert client.get("/zones/")["X-Cache"] == "hit"
    zone.name = "Renamed In Redis"
    zone.save()
    assert "Renamed In Redis" in client.get("/zones/").getvalue().decode()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_pages_are_served_while_the_cache_is_down(client, zone):
    for url in [
        "/zones/",
        zone.get_absolute_url(),
        "/dashboards/zones-by-place.json",
        "/api/v1/zones/",
    ]:
        assert client.get(url).status_code == 200, url


# Profiles of records with many relations ---------------------------------------------------------


def test_a_profile_lists_some_related_records_and_links_to_all(
    client, zone, province, queries_at_sizes
):
    def build(rows):
        Company.objects.bulk_create(
            Company(name=f"Company {n:03}", slug=f"company-{n}", zone=zone, province=province,
                    **PUBLISHED)
            for n in range(rows)
        )  # fmt: skip

    counts = queries_at_sizes(build, lambda: client.get(zone.get_absolute_url()), sizes=(30, 300))
    assert counts[30] == counts[300], counts
    build(RELATED_SHOWN + 6)
    page = client.get(zone.get_absolute_url()).getvalue().decode()
    assert page.count('href="/companies/company-') == RELATED_SHOWN
    assert f'href="/companies/?zone={zone.slug}"' in page
    assert f"All {RELATED_SHOWN + 6} in the directory" in page
    listed = client.get(f"/companies/?zone={zone.slug}&per_page=50").getvalue().decode()
    assert "Company 000" in listed and f"Company {RELATED_SHOWN + 5:03}" in listed


def test_synthetic_data_never_joins_the_documents(documents):
    with pytest.raises(CommandError, match="database of its own"):
        call_command("generate_synthetic", scale=0.001, verbosity=0)
    assert not Source.objects.filter(key=SOURCE_KEY).exists()
