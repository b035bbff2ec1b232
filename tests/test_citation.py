""" "Cite this": GB/T 7714-2015, APA 7 and BibTeX on every profile, chart and dataset, in the
page's language, naming the release current when the page was made (or saying there is none),
escaped for TeX, with no query more for more data."""

import datetime
import html
import re

import pytest
from django.utils import timezone, translation

from core.citation import CitedRelease, bibtex, citations, escape
from core.registry import entries
from portal.models import Release
from portal.releases import make_release
from zones.models import Zone

ZONE = "/zones/zhongguancun-science-park/"
TODAY = datetime.date(2026, 12, 2)
RELEASE = CitedRelease(
    3, datetime.date(2026, 11, 30), "https://torch.example.org/downloads/releases/3/"
)
ZH_RELEASE = CitedRelease(
    3, datetime.date(2026, 11, 30), "https://torch.example.org/zh-hans/downloads/releases/3/"
)

# The Chinese words of the citations, as /work/i18n gives them for the catalogue; set here so
# that the Chinese citations can be checked exactly before the catalogue has them.
CHINESE = {
    "Release %(number)s": "第%(number)s版",
    "citation\x04n.d.": "无日期",
    "citation date, APA\x04Y, F j": "Y年n月j日",
    "citation retrieval date, APA\x04F j, Y": "Y年n月j日",
    "citation\x04Data set": "数据集",
    "citation\x04Retrieved %(date)s, from %(url)s": "检索于%(date)s，来自%(url)s",
    "citation\x04%(release)s of %(date)s, %(url)s": "%(release)s（%(date)s），%(url)s",
    "citation\x04Before the first release of the data": "数据首次发布之前",
}


@pytest.fixture
def chinese(monkeypatch):
    with translation.override("zh-hans"):
        catalogue = translation.trans_real.translation("zh-hans")._catalog._catalogs[0]
        for msgid, msgstr in CHINESE.items():
            monkeypatch.setitem(catalogue, msgid, msgstr)
        yield


def texts(styles) -> dict[str, str]:
    return {style.key: style.text for style in styles}


def test_a_zone_in_english():
    with translation.override("en"):
        cited = texts(
            citations(
                "Zhongguancun Science Park",
                "https://torch.example.org/zones/zhongguancun-science-park/",
                TODAY,
                RELEASE,
            )
        )
    assert cited["gbt"] == (
        "Torch Portal. Zhongguancun Science Park[EB/OL]. Release 3. (2026-11-30)[2026-12-02]. "
        "https://torch.example.org/zones/zhongguancun-science-park/."
    )
    assert cited["apa"] == (
        "Torch Portal. (2026, November 30). Zhongguancun Science Park (Release 3). Retrieved "
        "December 2, 2026, from https://torch.example.org/zones/zhongguancun-science-park/"
    )
    assert cited["bibtex"] == (
        "@misc{torchportal-zones-zhongguancun-science-park-r3,\n"
        "  author = {{Torch Portal}},\n"
        "  title = {Zhongguancun Science Park},\n"
        "  year = {2026},\n"
        "  howpublished = {\\url{https://torch.example.org/zones/zhongguancun-science-park/}},\n"
        "  url = {https://torch.example.org/zones/zhongguancun-science-park/},\n"
        "  urldate = {2026-12-02},\n"
        "  note = {Release 3 of 2026-11-30, https://torch.example.org/downloads/releases/3/}\n"
        "}"
    )


def test_a_zone_in_chinese(chinese):
    cited = texts(
        citations(
            "中关村科技园区",
            "https://torch.example.org/zh-hans/zones/zhongguancun-science-park/",
            TODAY,
            ZH_RELEASE,
        )
    )
    # GB/T 7714 keeps Western punctuation and [EB/OL] in Chinese, as the standard's examples.
    assert cited["gbt"] == (
        "火炬计划门户. 中关村科技园区[EB/OL]. 第3版. (2026-11-30)[2026-12-02]. "
        "https://torch.example.org/zh-hans/zones/zhongguancun-science-park/."
    )
    assert cited["apa"] == (
        "火炬计划门户. (2026年11月30日). 中关村科技园区 (第3版). 检索于2026年12月2日，来自"
        "https://torch.example.org/zh-hans/zones/zhongguancun-science-park/"
    )
    assert cited["bibtex"] == (
        "@misc{torchportal-zh-hans-zones-zhongguancun-science-park-r3,\n"
        "  author = {{火炬计划门户}},\n"
        "  title = {中关村科技园区},\n"
        "  year = {2026},\n"
        "  howpublished = {\\url{https://torch.example.org/zh-hans/zones/zhongguancun-science-park/}},\n"
        "  url = {https://torch.example.org/zh-hans/zones/zhongguancun-science-park/},\n"
        "  urldate = {2026-12-02},\n"
        "  note = {第3版（2026-11-30），https://torch.example.org/zh-hans/downloads/releases/3/}\n"
        "}"
    )


def test_before_any_release_no_release_is_named():
    with translation.override("en"):
        cited = texts(citations("Open data", "https://x.org/downloads/", TODAY, None, True))
    assert cited["gbt"] == "Torch Portal. Open data[EB/OL]. [2026-12-02]. https://x.org/downloads/."
    assert cited["apa"] == (
        "Torch Portal. (n.d.). Open data [Data set]. Retrieved December 2, 2026, from "
        "https://x.org/downloads/"
    )
    assert "note = {Data set. Before the first release of the data}" in cited["bibtex"]
    assert "Release" not in cited["gbt"] + cited["apa"] + cited["bibtex"]


def test_a_data_set_is_cited_as_one():
    with translation.override("en"):
        cited = texts(citations("Torch Portal open data", "https://x.org/d/", TODAY, RELEASE, True))
    assert "Torch Portal open data (Release 3) [Data set]. Retrieved" in cited["apa"]
    assert "note = {Data set. Release 3 of 2026-11-30," in cited["bibtex"]


def test_bibtex_escapes_what_tex_would_read():
    assert escape(r"R&D: 50% of $ #1_a {b} ~x^2 \ end") == (
        r"R\&D: 50\% of \$ \#1\_a \{b\} \~{}x\^{}2 \textbackslash{} end"
    )
    with translation.override("en"):
        entry = bibtex("A {weird} & 100% title", "https://x.org/a/?q=%E4{}", TODAY, None, False)
    assert r"title = {A \{weird\} \& 100\% title}," in entry
    assert "url = {https://x.org/a/?q=%E4%7B%7D}," in entry  # verbatim, braces balanced
    assert entry.count("{") == entry.count("}")


def shown(page: str) -> dict[str, str]:
    return {
        key: html.unescape(text)
        for key, text in re.findall(
            r'<pre class="citation" id="([\w-]+)"[^>]*>(.*?)</pre>', page, re.S
        )
    }


def test_every_profile_cites_itself_and_the_latest_release(client, documents):
    today = timezone.localdate().isoformat()
    page = client.get(ZONE).getvalue().decode()
    cited = shown(page)
    assert cited["cite-record-gbt"] == (
        f"Torch Portal. Zhongguancun Science Park[EB/OL]. [{today}]. http://testserver{ZONE}."
    )
    assert "The data has not been released yet" in page
    assert 'data-copy="cite-record-bibtex"' in page and 'data-copied-label="Copied"' in page
    make_release()
    made = Release.objects.get()
    date = timezone.localdate(made.released_at).isoformat()
    cited = shown(client.get(ZONE).getvalue().decode())
    assert cited["cite-record-gbt"] == (
        f"Torch Portal. Zhongguancun Science Park[EB/OL]. Release 1. ({date})[{today}]. "
        f"http://testserver{ZONE}."
    )
    assert "note = {Release 1 of " in cited["cite-record-bibtex"]
    assert "http://testserver/downloads/releases/1/}" in cited["cite-record-bibtex"]


def profiles() -> list[str]:
    """A profile of every registry model that has profiles."""
    found = []
    for entry in entries():
        if hasattr(entry.model, "get_absolute_url"):
            record = entry.model.objects.published().order_by("pk").first()
            if record is not None and "?" not in record.get_absolute_url():  # not a directory
                found.append(record.get_absolute_url())
    return found


def test_profiles_charts_and_open_data_offer_all_three(client, documents):
    urls = [*profiles(), "/dashboards/", "/dashboards/zone-growth/?kind=stip", "/downloads/"]
    assert len(urls) >= 11, urls
    for url in urls:
        for language, address in (("en", url), ("zh-hans", f"/zh-hans{url}")):
            page = client.get(address).getvalue().decode()
            cited = shown(page)
            assert cited, address
            for element in {key.rsplit("-", 1)[0] for key in cited}:
                assert {f"{element}-gbt", f"{element}-apa", f"{element}-bibtex"} <= cited.keys()
                assert f'data-copy="{element}-bibtex"' in page
            assert all("[EB/OL]" in text for key, text in cited.items() if key.endswith("gbt"))
            if language == "zh-hans":
                assert all("/zh-hans/" in text for text in cited.values()), address
                assert all(
                    text.startswith("火炬计划门户. ")
                    for text in cited.values()
                    if "@misc" not in text
                )


def test_each_chart_on_the_dashboards_page_has_its_own_citation(client, documents):
    cited = shown(client.get("/dashboards/").getvalue().decode())
    charts = {key for key in cited if key.endswith("-gbt")}
    assert len(charts) >= 6
    assert len({cited[key] for key in charts}) == len(charts)


def test_citations_add_no_query_for_more_releases(client, documents, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_release()

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    before = {url: queries(url) for url in (ZONE, "/downloads/releases/", "/downloads/releases/1/")}
    for city in ("A", "B", "C"):
        zone = Zone.objects.get(list_number=1)
        zone.city = city
        zone.save()
        make_release()
    after = {url: queries(url) for url in (ZONE, "/downloads/releases/", "/downloads/releases/1/")}
    assert Release.objects.count() == 4
    assert before == after
