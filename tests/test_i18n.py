"""The portal in English and Simplified Chinese: every page in both, complete catalogues,
names, dates and numbers in the reader's language, and the language kept by links."""

import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.utils import translation

from core.dates import VagueDate
from dashboards.charts import CHARTS
from figures.models import Figure

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "{locale}" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%%|%[sd]|\{\w*\}")

PUBLIC_PAGES = [
    "/",
    "/zones/",
    "/zones/?kind=stip&region=east&sort=-name",
    "/zones/zhongguancun-science-park/",
    "/provinces/",
    "/provinces/beijing/",
    "/incubators/",
    "/incubators/wuhan-east-lake-innovation-center/",
    "/companies/",
    "/companies/lenovo/",
    "/service-centers/shandong-productivity-center/",
    "/innofund/",
    "/innofund/programmes/innofund/",
    "/sources/",
    "/sources/brochure-torch-center-2007/",
    "/search/?q=Zhongguancun",
    "/dashboards/",
    "/downloads/",
]
CHART_URLS = [
    url
    for slug in CHARTS
    for url in (f"/dashboards/{slug}/", f"/dashboards/{slug}.json", f"/dashboards/{slug}.csv")
]


def chinese(url: str) -> str:
    return "/zh-hans" + url


@pytest.mark.parametrize("url", PUBLIC_PAGES + CHART_URLS)
def test_every_public_page_and_chart_renders_in_both_languages(client, documents, url):
    english, zh = client.get(url), client.get(chinese(url))
    assert english.status_code == zh.status_code == 200, url
    if url.endswith(".json"):
        # The chart's own words; its sources' titles are data, Chinese where the source is.
        words = english.json()
        assert not CJK.search(words["title"] + words["unit"]), url
        assert CJK.search(zh.json()["title"]), url
        return
    if url.endswith(".csv"):
        assert not CJK.search(english.getvalue().decode("utf-8-sig").split("\n")[0]), url
        assert CJK.search(zh.getvalue().decode("utf-8-sig")), url
        return
    english_page, zh_page = english.getvalue().decode(), zh.getvalue().decode()
    assert '<html lang="en">' in english_page and "Torch Portal" in english_page
    assert '<html lang="zh-Hans">' in zh_page and "火炬计划门户" in zh_page
    # The menu and footer are Chinese: no English label is left behind.
    for label in ["Incubators", "Companies", "Dashboards", "Open data", "Administration"]:
        assert f">{label}<" in english_page
        assert f">{label}<" not in zh_page, (url, label)


def test_links_on_a_chinese_page_stay_chinese(client, documents):
    page = client.get(chinese("/zones/?kind=stip")).getvalue().decode()
    links = re.findall(r'href="(/[^"]*)"', page)
    internal = [link for link in links if not link.startswith(("/static/", "/api/"))]
    english_switch = [link for link in internal if link == "/zones/?kind=stip"]
    assert len(english_switch) == 1, "one link leads to the same page in English"
    others = [link for link in internal if link not in english_switch]
    assert others and all(link.startswith("/zh-hans/") for link in others), others


def test_the_switcher_leads_to_the_same_page_with_its_query(client, documents):
    page = client.get("/zones/?kind=stip&sort=-name").getvalue().decode()
    assert 'href="/zh-hans/zones/?kind=stip&amp;sort=-name"' in page
    assert "简体中文" in page


@pytest.mark.parametrize(
    ("path", "english", "chinese"),
    [
        ("/", "/", "/zh-hans/"),
        ("/zh-hans/", "/", "/zh-hans/"),
        ("/zh-hans/zones/?kind=stip&sort=-name", "/zones/?kind=stip&amp;sort=-name",
         "/zh-hans/zones/?kind=stip&amp;sort=-name"),
        ("/provinces/guangdong/", "/provinces/guangdong/", "/zh-hans/provinces/guangdong/"),
        ("/no-such-page/", "/no-such-page/", "/zh-hans/no-such-page/"),  # the 404 page too
    ],
)  # fmt: skip
def test_every_page_links_to_itself_in_each_language(client, documents, path, english, chinese):
    """The switcher and the head's alternates lead to the same address in each language."""
    page = client.get(path).getvalue().decode()
    for tag, address in (("en", english), ("zh-Hans", chinese)):
        assert f'<link rel="alternate" hreflang="{tag}" href="http://testserver{address}">' in page
        assert f'href="{address}" hreflang="{tag}" lang="{tag}"' in page


def test_the_language_links_keep_the_address_under_a_script_prefix(rf):
    """Served under a prefix (SCRIPT_NAME /portal), each language's link keeps it."""
    from django.template import Context
    from django.urls import set_script_prefix

    from core.templatetags.torch import language_links

    request = rf.get("/zh-hans/zones/?kind=stip", SCRIPT_NAME="/portal")
    set_script_prefix("/portal/")
    try:
        with translation.override("zh-hans"):
            links = {
                link["code"]: link["url"] for link in language_links(Context({"request": request}))
            }
    finally:
        set_script_prefix("/")
    assert links == {
        "en": "/portal/zones/?kind=stip",
        "zh-hans": "/portal/zh-hans/zones/?kind=stip",
    }


def test_the_chinese_directory_names_records_in_chinese(client, documents):
    page = client.get(chinese("/provinces/")).getvalue().decode()
    assert "北京市" in page and "广东省" in page
    assert "英文名称" in page  # the other-language column, headed for the reader
    # Zones whose Chinese name no source gives keep their English one.
    assert "Zhongguancun Science Park" in client.get(chinese("/zones/")).getvalue().decode()


def test_filter_labels_follow_the_page_language_whichever_came_first(client, documents):
    """The filter form's class is made once, but its labels taken from the model's fields
    ("Kind", "Status") are in each page's language, whichever language was asked for first."""
    for first, then in [("/zones/", chinese("/zones/")), (chinese("/zones/"), "/zones/")]:
        client.get(first)
        page = client.get(then).getvalue().decode()
        labels = re.findall(
            r'<label class="form-label small mb-0" for="id_(?:kind|status)">([^<]+)<', page
        )
        assert labels == (["类型", "状态"] if then.startswith("/zh-hans/") else ["Kind", "Status"])


def test_search_finds_chinese_and_english_names_in_either_language(client, documents):
    for url in ["/search/?q=北京", "/zh-hans/search/?q=北京", "/zh-hans/search/?q=Beijing"]:
        assert "/provinces/beijing/" in client.get(url).getvalue().decode(), url


def test_chinese_chart_data_is_chinese(client, documents):
    data = json.loads(client.get(chinese("/dashboards/zone-growth.json")).content)
    assert CJK.search(data["title"])
    text = json.dumps(data, ensure_ascii=False)
    assert "国家高新区" in text


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", "year", "1988"),
        ("en", "month", "May 1988"),
        ("en", "day", "17 May 1988"),
        ("zh-hans", "year", "1988年"),
        ("zh-hans", "month", "1988年5月"),
        ("zh-hans", "day", "1988年5月17日"),
    ],
)
def test_vague_dates_follow_the_language(language, precision, expected):
    date = VagueDate.parse({"year": "1988", "month": "1988-05", "day": "1988-05-17"}[precision])
    with translation.override(language):
        assert str(date) == expected


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "english", "chinese_text"),
    [
        (Decimal(30000), "count", "more_than", "more than 30,000", "超过3万"),
        (Decimal(5300000000), "cny", "exact", "5.3 billion yuan", "53亿元"),
        (Decimal(20), "percent", "nearly", "nearly 20%", "近20%"),
        (Decimal(3), "multiple", "about", "about 3 times", "约3倍"),
    ],
)
def test_figures_read_naturally_in_both_languages(value, unit, qualifier, english, chinese_text):
    figure = Figure(value=value, unit=unit, qualifier=qualifier)
    with translation.override("en"):
        assert figure.display_value() == english
    with translation.override("zh-hans"):
        assert figure.display_value() == chinese_text


def test_the_admin_works_in_chinese(admin_client, documents):
    index = admin_client.get("/zh-hans/admin/").getvalue().decode()
    assert "火炬计划门户管理后台" in index and "园区与省份" in index
    changelist = admin_client.get("/zh-hans/admin/zones/zone/?kind__exact=stip").getvalue().decode()
    assert "国家高新技术产业开发区" in changelist
    form = admin_client.get("/zh-hans/admin/zones/zone/add/").getvalue().decode()
    assert "批准日期" in form and "中文名称" in form


def test_admin_errors_are_in_the_readers_language(admin_client, documents):
    response = admin_client.post(
        "/zh-hans/admin/zones/zone/add/", {"name": "无省份园区", "kind": "stip", "status": "active"}
    )
    assert response.status_code == 200
    assert CJK.search(response.context["adminform"].form.errors["province"][0])


# The catalogues ------------------------------------------------------------------------------


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUE).format(locale=locale))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues as `make messages` would make them from the code as it is now: run in a
    copy of the project, so the repository's own catalogues stay untouched."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed to collect the messages (apt-get install gettext).")
    copy = tmp_path_factory.mktemp("project")
    for entry in ROOT.iterdir():
        if entry.name in {".venv", "var", ".git", "tests", ".pytest_cache", ".ruff_cache"}:
            continue
        if entry.is_dir():
            shutil.copytree(entry, copy / entry.name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(entry, copy / entry.name)
    subprocess.run(
        [sys.executable, "manage.py", "update_catalogues"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "torchportal.settings"},
    )
    return copy


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_every_interface_string_is_translated(extracted, locale):
    fresh = polib.pofile(str(extracted / "locale" / locale / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh if not entry.translated()]
    assert not missing, (
        f"{len(missing)} strings lack a translation (run `make messages`): {missing}"
    )
    assert len(fresh) > 300  # the whole interface, not a handful of words


def test_the_repository_catalogue_is_up_to_date(extracted):
    fresh = polib.pofile(str(extracted / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    kept = catalogue("zh_Hans")
    assert {(e.msgctxt, e.msgid) for e in fresh} == {(e.msgctxt, e.msgid) for e in kept}, (
        "run `make messages` and commit locale/"
    )


def test_translations_keep_every_placeholder():
    for entry in catalogue("zh_Hans"):
        if entry.msgid_plural:  # Chinese has one form, written like the English plural
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for original, translated in pairs:
            assert sorted(PLACEHOLDER.findall(original)) == sorted(
                PLACEHOLDER.findall(translated)
            ), entry.msgid


@pytest.mark.parametrize(
    "inside",
    ["{{ title }}", "{% url 'zones:zone_detail' slug %}", "{% translate title %}",
     "{% if title %}x{% endif %}", "{% url 'home' as home %}", "{% static path %}",
     "{% translate 'Home' as home %}", "{% translate 'Home'|lower %}",
     "{% language code %}x{% endlanguage %}", "{% language 'en' %}{{ title }}{% endlanguage %}",
     "{% translate 'May' context kind %}", "{% url 'zones:'|add:kind %}",
     "{% static 'css/'|add:theme %}"],
)  # fmt: skip
def test_a_fixed_part_of_the_layout_holds_nothing_of_a_page(inside):
    """{% fixed %} is written once per language: it refuses anything that could differ from
    page to page."""
    from django.template import TemplateSyntaxError, engines

    with pytest.raises(TemplateSyntaxError, match="holds only text"):
        engines["django"].from_string(
            "{% load i18n static torch %}{% fixed %}" + inside + "{% endfixed %}"
        )


def test_a_fixed_part_of_the_layout_follows_the_language():
    from django.template import engines

    fixed = engines["django"].from_string(
        "{% load i18n torch %}{% fixed %}<a href=\"{% url 'home' %}\">{% translate 'Home' %}</a>"
        "{% translate 'Show' context 'show the chosen number of rows' %}{% endfixed %}"
    )
    for language, written in [
        ("en", '<a href="/">Home</a>Show'),
        ("zh-hans", '<a href="/zh-hans/">首页</a>显示'),
        ("en", '<a href="/">Home</a>Show'),
    ]:
        with translation.override(language):
            assert fixed.render({}) == written
