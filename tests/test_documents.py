"""The source documents' data as `make run` loads it (fixtures/documents.yaml; the later sources
of fixtures/since-2007/ load beside it and are tested in test_since_2007)."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Count

from figures.models import Figure, Milestone, Source
from portal.loading import DOCUMENTS_FIXTURE
from zones.models import Province, Region, Zone

MODELS_LOADED = [Source, Province, Zone, Figure, Milestone]
DOCUMENTS = [
    "news-torch-industrial-bases-2005",
    "brochure-torch-center-2007",
    "news-miit-industrial-clusters-guideline",
    "scio-briefing-miit-2024",
    "news-emerging-industrial-clusters-2019",
]


def documents_figures():
    return Figure.objects.filter(source__key__in=DOCUMENTS)


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in MODELS_LOADED
    }


def test_all_54_national_stips_in_the_brochures_order(documents):
    stips = Zone.objects.filter(kind=Zone.Kind.STIP, list_number__isnull=False)
    stips = stips.order_by("list_number")
    assert list(stips.values_list("list_number", flat=True)) == list(range(1, 55))
    assert stips.first().name == "Zhongguancun Science Park"
    assert stips.last().name == "Ningbo Hi-Tech Park"
    assert not stips.filter(website="").exists()
    assert not stips.filter(province=None).exists()
    assert set(stips.values_list("source__key", flat=True)) == {"brochure-torch-center-2007"}


@pytest.mark.parametrize(
    ("number", "province", "city"),
    [
        (1, "Beijing", "Beijing"),
        (14, "Shanghai", "Shanghai"),  # Zhangjiang: "Shanghai's Zhangjiang" (2024 briefing)
        (27, "Shandong", "Weifang"),
        (41, "Guangxi", "Nanning"),  # its name lost the city; its website names Nanning
        (51, "Shaanxi", "Yangling"),
        (53, "Xinjiang", "Urumqi"),
    ],
)
def test_stip_provinces_and_cities(documents, number, province, city):
    zone = Zone.objects.get(kind=Zone.Kind.STIP, list_number=number)
    assert (zone.province.name, zone.city) == (province, city)


def test_entry_41_keeps_its_name_as_printed(documents):
    zone = Zone.objects.get(list_number=41)
    assert zone.name == "National New and High-tech Industrial Development Zone"
    assert zone.website == "http://www.nnhitech.gov.cn"
    assert "nnhitech" in zone.notes


def test_zhongguancun_was_approved_in_may_1988(documents):
    zone = Zone.objects.get(list_number=1)
    # The brochure says May 1988; later sources give the day (10 May), which agrees.
    assert (zone.approved_on.year, zone.approved_on.month) == (1988, 5)
    assert zone.approving_body == "State Council"


def test_31_provinces_in_four_regions(documents):
    mainland = Province.objects.exclude(region="")
    assert mainland.count() == 31
    counts = dict(mainland.values_list("region").annotate(n=Count("pk")))
    assert counts == {Region.EAST: 10, Region.CENTRAL: 6, Region.WEST: 12, Region.NORTHEAST: 3}
    beijing = Province.objects.get(code="110000")
    assert (beijing.name, beijing.name_zh) == ("Beijing", "北京市")
    assert Province.objects.get(code="150000").name_zh == "内蒙古自治区"


def test_every_figure_and_milestone_has_its_source_and_words(documents):
    assert documents_figures().count() >= 45
    assert not Figure.objects.filter(quote="").exists()
    assert not Figure.objects.filter(locator="").exists()
    assert set(documents_figures().values_list("source__kind", flat=True)) <= {
        "news", "brochure", "press_briefing",
    }  # fmt: skip
    assert not Milestone.objects.filter(source=None).exists()


def test_every_quote_is_in_its_document(documents):
    """The quotes were taken word for word; a figure whose words are not there was invented."""
    seeds = DOCUMENTS_FIXTURE.parent.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("The source documents (../shared/seeds) are not beside this checkout.")
    files = {
        "news-torch-industrial-bases-2005": "000_",
        "brochure-torch-center-2007": "001_",
        "news-miit-industrial-clusters-guideline": "002_",
        "scio-briefing-miit-2024": "003_",
        "news-emerging-industrial-clusters-2019": "004_",
    }
    texts = {
        key: " ".join(next(seeds.glob(f"{prefix}*.txt")).read_text(encoding="utf-8").split())
        for key, prefix in files.items()
    }
    for figure in documents_figures().select_related("source"):
        assert " ".join(figure.quote.split()) in texts[figure.source.key], figure.key


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("innofund-applications", "more than 30,000"),
        ("innofund-projects", "nearly 8,000"),
        ("innofund-funding-total", "5.3 billion yuan"),
        ("technology-transaction-volume-2005", "155.1 billion yuan"),
        ("stip-employees-2006", "5.74 million"),
        ("tbis-count", "more than 500"),
        ("stip-share-industrial-value-added-2006", "9%"),
        ("high-tech-zones-share-industrial-value-added-2024", "more than 20%"),
        ("national-high-tech-zones-2024", "178"),
        ("software-parks-growth-since-2000", "49.6% a year"),
    ],
)
def test_figures_keep_their_qualifiers(documents, key, shown):
    assert Figure.objects.get(key=key).display_value() == shown


def test_figures_that_disagree_are_both_kept_with_their_own_sources(documents):
    bases = documents_figures().filter(
        topic="specialized_base", metric__key="specialized-industrial-bases"
    )
    assert sorted((f.value, f.source.key) for f in bases) == [
        (Decimal(83), "news-torch-industrial-bases-2005"),
        (Decimal(129), "brochure-torch-center-2007"),
    ]
    assert str(Figure.objects.get(key="bases-count-2005-news").as_of) == "6 July 2005"


def test_the_growth_of_stips_is_told_by_dated_figures(documents):
    counts = {
        str(f.as_of): f.value for f in documents_figures().filter(metric__key="national-stips")
    }
    assert counts == {"May 1988": 1, "2007": 54, "24 July 2024": 178}
    first = Milestone.objects.filter(zone__list_number=1).order_by("happened_on").first()
    assert str(first.vague_date("happened")) == "May 1988"


def test_loading_twice_changes_nothing(documents):
    before = snapshot()
    call_command("load_documents", verbosity=0)
    call_command("load_documents", "--update", verbosity=0)
    assert snapshot() == before


def test_an_administrators_correction_survives_a_reload_unless_asked(documents):
    zone = Zone.objects.get(list_number=2)
    zone.name_zh = "天津新技术产业园区"
    zone.save()
    call_command("load_documents", verbosity=0)
    assert Zone.objects.get(list_number=2).name_zh == "天津新技术产业园区"
    zone.city = "Somewhere else"
    zone.save()
    call_command("load_documents", "--update", verbosity=0)
    assert Zone.objects.get(list_number=2).city == "Tianjin"


def test_a_bad_file_names_the_records_at_fault_and_writes_nothing(db, tmp_path):
    before = snapshot()
    data = yaml.safe_load(DOCUMENTS_FIXTURE.read_text(encoding="utf-8"))
    data["sources"].append({"key": "a-new-source", "title": "New", "kind": "news"})
    data["zones"][2]["province"] = "999999"
    data["figures"][0]["value"] = -83
    data["milestones"][1]["date"] = "May 1988"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_documents", str(path))
    message = str(caught.value)
    assert "zones #3 (shijiazhuang-national-high-tech-industrial-development-zone)" in message
    assert "There is no province with the key '999999'" in message
    assert (
        "figures #1 (bases-count-2005-news): value: Only a growth rate can be negative" in message
    )
    assert "'May 1988' is not a date" in message
    assert snapshot() == before
