"""What public pages say since 2007 (fixtures/since-2007/, from the source pack in
../shared/sources/), as `make run` loads it: provenance, trust, and what the public sees."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from core.models import Publication
from dashboards.charts import CHARTS
from figures.models import Claim, Figure, Milestone, Source, settled_value
from portal.loading import SINCE_2007_FIXTURES, fixture_paths
from zones.models import Province, Zone

PACK = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"


def payload(slug: str, selection: dict | None = None) -> dict:
    chart = CHARTS[slug](selection or {})
    assert chart.is_valid(), chart.form.errors
    return chart.payload()


def records(section: str) -> list[dict]:
    found = []
    for path in sorted(SINCE_2007_FIXTURES.glob("*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get(section) or [])
    return found


def test_every_quote_is_word_for_word_in_the_source_pack():
    """Each quote was copied from the pack; one that is not there was made up."""
    if not PACK.is_dir():
        pytest.skip("The source pack (../shared/sources) is not beside this checkout.")
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in PACK.glob("*.md"))
    bare = re.sub(r"\s+", "", text)
    quoted = records("figures") + records("claims")
    assert len(quoted) > 300
    for record in quoted:
        quote = record["quote"]
        assert " ".join(quote.split()) in text or re.sub(r"\s+", "", quote) in bare, record["key"]


def test_every_source_has_a_trust_level_and_an_original_publisher():
    for path in fixture_paths():
        for source in yaml.safe_load(path.read_text(encoding="utf-8")).get("sources") or []:
            assert source.get("trust") in {"high", "medium", "low"}, source["key"]
            assert source.get("publisher"), source["key"]


def test_the_loaded_sources_keep_trust_and_the_address_read(documents):
    assert not Source.objects.filter(trust="").exists()
    assert Source.objects.filter(trust=Source.Trust.LOW).count() > 40
    copy = Source.objects.get(key="gh1992-169")  # the State Council's reply, read on a copy
    assert (copy.publisher, copy.trust) == ("State Council", "medium")
    assert copy.read_url.startswith("http")


def test_nothing_only_low_trust_sources_give_is_published(documents):
    for model in (Figure, Claim, Milestone, Zone):
        low = model.objects.filter(source__trust=Source.Trust.LOW)
        assert low.exists(), model
        assert not low.filter(publication=Publication.PUBLISHED).exists(), model
    # A zone's Chinese name and date come from its published claims (or its own good source).
    for zone in Zone.objects.published().exclude(name_zh=""):
        claims = zone.claims.published().filter(field="name_zh")
        assert claims.filter(value=zone.name_zh).exists() or not zone.source.is_low_trust


def test_loading_twice_changes_nothing(documents):
    counts = {model: model.objects.count() for model in (Source, Figure, Claim, Milestone, Zone)}
    names = dict(Zone.objects.values_list("slug", "name_zh"))
    call_command("load_documents", verbosity=0)
    assert {model: model.objects.count() for model in counts} == counts
    assert dict(Zone.objects.values_list("slug", "name_zh")) == names


def test_every_brochure_zone_has_a_chinese_name_or_says_why_not(client, documents):
    for zone in Zone.objects.published().filter(kind=Zone.Kind.STIP):
        if zone.name_zh:
            continue
        page = client.get(zone.get_absolute_url()).content.decode()
        assert "only low-trust sources give it" in page or "No source the registry" in page
    # Zhuhai's name is printed (in traditional characters) only on a low-trust copy: a draft.
    zhuhai = Zone.objects.get(list_number=37)
    assert zhuhai.name_zh == ""
    claim = zhuhai.claims.get(value="珠海高新技术产业开发区", source__key="miit-gd2024")
    assert (claim.printed, claim.publication) == ("珠海高新技術產業開發區", "draft")
    page = client.get(zhuhai.get_absolute_url()).content.decode()
    assert "only low-trust sources give it" in page
    chuzhou = Zone.objects.get(name_zh="滁州高新技术产业开发区")
    assert chuzhou.claims.get(source__key="jjckb2022-06", field="name_zh").printed


def test_the_1992_reply_dates_its_zones(documents):
    dated = Zone.objects.filter(claims__source__key="gh1992-169", claims__field="approved")
    assert dated.count() >= 20
    for zone in dated.published():
        assert zone.approved_on.year == 1992


def test_yangling_keeps_both_dates_as_a_disagreement(documents):
    yangling = Zone.objects.get(list_number=51)
    dates = set(yangling.claims.filter(field="approved").values_list("value", flat=True))
    assert len(dates) >= 2, dates  # the day differs


def test_later_zones_are_in_the_directory_with_their_dates(client, documents):
    new = records("zones")
    assert len(new) >= 40
    listed = Zone.objects.filter(slug__in=[zone["slug"] for zone in new])
    assert listed.count() == len(new)
    published = listed.published()
    # Those only low-trust pages name wait for a reviewer; the others are in the directory.
    assert set(listed.exclude(source__trust="low")) == set(published)
    assert published.count() >= 20
    dated = listed.filter(claims__field="approved", claims__publication="published").distinct()
    assert dated.count() >= 10 and not dated.filter(approved_on=None).exists()
    translated = published.filter(name_translated=True).first()
    page = client.get(translated.get_absolute_url()).content.decode()
    assert "the registry&#x27;s own translation" in page or "the registry's own translation" in page
    directory = client.get("/zones/", {"kind": "stip", "per_page": 200}).context["table"]
    assert directory.paginator.count == Zone.objects.published().filter(kind="stip").count()


def test_the_growth_chart_draws_every_published_count_beside_the_registrys(documents):
    drawn = payload("zone-growth")
    reported = [
        figure
        for figure in Figure.objects.published().filter(metric__key="national-stips")
        if figure.as_of and figure.qualifier != "target"
    ]
    rows = [row for row in drawn["rows"] if row["series"].startswith("Reported")]
    assert len(rows) == len(reported) > 30
    values = {int(row["value"]) for row in rows}
    assert {146, 168, 169, 178} <= values
    # 147 is given only by a low-trust page: it waits, as a draft, for a reviewer.
    assert Figure.objects.get(metric__key="national-stips", value=147).publication == "draft"
    registry = [row for row in drawn["rows"] if row["series"].startswith("In the registry")]
    assert (
        registry[-1]["value"]
        == Zone.objects.published().filter(kind="stip", approved_on__isnull=False).count()
    )


def test_all_six_dashboards_draw_data_on_a_fresh_install(documents):
    for slug in CHARTS:
        assert not payload(slug)["empty"], slug


def test_national_totals_are_the_statistics_dashboards_default_and_apart_from_gdp(documents):
    revenue = payload("zone-statistics")
    assert revenue["selection"]["basis"] == "reported"
    assert all("Revenue" in row["series"] for row in revenue["rows"])
    gdp = payload("zone-statistics", {"statistic": "gdp"})
    assert all("GDP" in row["series"] for row in gdp["rows"]) and gdp["rows"]
    sums = payload("zone-statistics", {"basis": "registry"})
    assert sums["empty"]  # the registry holds no per-zone statistics on a fresh install


def test_innofund_chart_draws_the_reported_figures_while_the_registry_has_no_projects(
    documents,
):
    drawn = payload("innofund-grants")
    assert drawn["rows"] and all(row["source"] for row in drawn["rows"])


def test_the_program_tools_chart_draws_a_count_year_by_year(documents):
    drawn = payload("program-tools", {"over_time": "tbis"})
    assert drawn["type"] == "line"
    assert len({row["as_of"][-4:] for row in drawn["rows"]}) >= 5
    assert "target" not in {row["qualifier"] for row in drawn["rows"]}


def test_the_map_shows_taiwan_hong_kong_and_macau_with_no_data(client, documents):
    page = client.get("/dashboards/zones-by-place/").content.decode()
    for words in ("台湾省资料暂缺", "香港特别行政区资料暂缺", "澳门特别行政区资料暂缺"):
        assert words in page
    assert Province.objects.count() == 34
    assert Province.objects.exclude(region="").count() == 31


def test_a_low_trust_source_is_marked_where_it_is_cited(client, documents):
    figure = Figure.objects.filter(source__trust="low").first()
    figure.publication = Publication.PUBLISHED
    figure.save()
    page = client.get(figure.source.get_absolute_url()).content.decode()
    assert "low-trust source" in page


@pytest.mark.parametrize(
    ("claims", "settled"),
    [
        ([("1992", ""), ("1992-11-09", "")], "1992-11-09"),  # agree as far as each goes
        ([("1991-03", ""), ("1992-11", "")], None),  # disagree: the zone keeps what it has
        ([("1991-03", "preferred"), ("1992-11", "")], "1991-03"),
        ([("1991-03", ""), ("1992-11", "doubted")], "1991-03"),
    ],
)
def test_what_a_zones_claims_settle_on(claims, settled):
    made = [Claim(field="approved", value=value, standing=standing) for value, standing in claims]
    assert settled_value(made, "approved") == settled


def test_names_that_differ_do_not_settle_without_a_preferred_one():
    made = [Claim(field="name_zh", value=value) for value in ("深圳高新区", "深圳市高新区")]
    assert settled_value(made, "name_zh") is None


def test_the_sources_directory_filters_by_trust_and_says_it(client, documents):
    page = client.get("/sources/", {"trust": "low", "per_page": 200})
    table = page.context["table"]
    assert table.paginator.count == Source.objects.filter(trust="low").count()
    assert {row.record.trust for row in table.page.object_list} == {"low"}
    assert ">low<" in page.content.decode()
