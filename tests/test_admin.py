"""The admin entry forms, used the way an administrator uses them."""

import pytest
from django.contrib import admin
from django.urls import reverse

from zones.models import Province, Zone, ZoneStatistics

REGISTRY_APPS = {"zones", "incubators", "innofund", "figures"}
REGISTRY_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in REGISTRY_APPS
]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_registry_model_is_in_the_admin():
    names = {model.__name__ for model in REGISTRY_MODELS}
    assert names == {
        "Province", "Sector", "Zone", "ZoneStatistics", "Incubator", "IncubatorStatistics",
        "Company", "ServiceCenter", "Programme", "Project", "Source", "Metric", "Figure",
        "Claim", "Milestone",
    }  # fmt: skip


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda model: model.__name__)
def test_each_list_and_add_page_opens(admin_client, documents, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "北京"}).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    existing = model._default_manager.first()
    if existing is not None:
        assert admin_client.get(admin_url(model, "change", existing.pk)).status_code == 200


def test_search_finds_chinese_and_english_names(admin_client, documents):
    response = admin_client.get(admin_url(Province, "changelist"), {"q": "内蒙古"})
    assert "Inner Mongolia" in response.content.decode()
    zone = Zone.objects.get(list_number=1)
    zone.name_zh = "中关村科技园区"
    zone.save()
    response = admin_client.get(admin_url(Zone, "changelist"), {"q": "中关村"})
    assert response.context["cl"].result_count == 1
    assert "Zhongguancun Science Park" in response.content.decode()


def zone_form(in_province, from_source, **changes):
    province, source = in_province, from_source
    data = {
        "kind": "stip",
        "name": "Example High-tech Zone",
        "name_zh": "示例高新区",
        "province": province.pk,
        "city": "Example City",
        "approved_on": "1991-03-01",
        "approved_precision": "month",
        "approving_body": "State Council",
        "website": "https://example.org",
        "status": "active",
        "publication": "published",
        "source": source.pk,
        "statistics-TOTAL_FORMS": "1",
        "statistics-INITIAL_FORMS": "0",
        "statistics-MIN_NUM_FORMS": "0",
        "statistics-MAX_NUM_FORMS": "1000",
        "statistics-0-year": "2006",
        "statistics-0-enterprises": "120",
        "statistics-0-currency": "CNY",
        "statistics-0-revenue": "1500000000",
        "statistics-0-source": source.pk,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_good_zone_form_saves_the_zone_and_its_statistics(admin_client, province, source):
    response = admin_client.post(admin_url(Zone, "add"), zone_form(province, source))
    assert response.status_code == 302, response.context["errors"]
    zone = Zone.objects.get(name="Example High-tech Zone")
    assert (zone.slug, str(zone.vague_date("approved"))) == ("example-high-tech-zone", "March 1991")
    assert zone.statistics.get().enterprises == 120


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"province": None}, "A zone in China needs its province."),
        ({"approved_on": "1991-03-17"}, "For a date known to the month, enter the 1st"),
        ({"approved_precision": ""}, "Say how precise the date is"),
        ({"website": "not a website"}, "Enter a valid URL."),
        ({"statistics-0-revenue": "-5"}, "An amount cannot be negative."),
        ({"statistics-0-enterprises": "many"}, "Enter a whole number."),
        ({"statistics-0-year": "1850"}, "Enter a year from 1949 on."),
    ],
)
def test_a_bad_zone_form_explains_and_saves_nothing(
    admin_client, province, source, changes, message
):
    zones, statistics = Zone.objects.count(), ZoneStatistics.objects.count()
    response = admin_client.post(admin_url(Zone, "add"), zone_form(province, source, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Zone.objects.count(), ZoneStatistics.objects.count()) == (zones, statistics)


def test_the_zone_lists_queries_are_the_same_at_10_and_200_rows(
    admin_client, province, source, queries_at_sizes
):
    def build(rows):
        Zone.objects.bulk_create(
            Zone(kind="stip", name=f"Zone {n}", slug=f"zone-{n}", province=province, source=source)
            for n in range(rows)
        )

    counts = queries_at_sizes(build, lambda: admin_client.get(admin_url(Zone, "changelist")))
    assert counts[10] == counts[200], counts


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(admin_url(Zone, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
