"""Every public page, in English and in Chinese, passes axe-core's WCAG 2.1 A and AA rules in
Chromium; and a reader whose browser prefers Chinese is offered the Chinese page.

The pages come from the registry (every directory, and one profile of every kind of record that
has one) and from the dashboards' charts, so a new directory or chart is checked without a
change here; any other page is one line in `public_pages()`. A failure names the page, the
rule, what to fix and the offending elements.
"""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse, translate_url

from core.registry import directories, entries
from dashboards.charts import CHARTS
from portal.models import Release
from portal.releases import make_release

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NOTHING = "no-such-name-anywhere"  # a search that finds nothing
NOT_FOUND = "/no-such-page/"  # the 404 page


def public_pages() -> list[str]:
    """Every public HTML page to check, at its English address (each is checked under /zh-hans/
    too). A new page is a line here. Downloads, feeds and the API's JSON are not pages."""
    pages = [
        "/",
        f"{reverse('search')}?q=zone",
        f"{reverse('search')}?q={NOTHING}",
        reverse("dashboards"),
        *[reverse("dashboard_chart", args=[slug]) for slug in CHARTS],
        *[reverse("dashboard_embed", args=[slug]) for slug in CHARTS],
        reverse("downloads"),
        reverse("releases"),
        reverse("changes"),
        *[release.get_absolute_url() for release in Release.objects.all()[:1]],
        reverse("api-docs"),
        NOT_FOUND,
    ]
    for entry in directories():
        url = reverse(entry.directory)
        pages += [url, f"{url}?q={quote(a_name(entry))}", f"{url}?q={NOTHING}"]
    return pages + profile_pages()


def a_name(entry) -> str:
    """What the directory's search finds at least one record by: its first record's name."""
    field = entry.directory_view.filterset_class.search_fields[0]
    record = public_records(entry).order_by("pk").first()
    return getattr(record, field) if record else NOTHING


def public_records(entry):
    manager = entry.model.objects
    return manager.published() if entry.publishable else manager.all()


def profile_pages() -> list[str]:
    """One published record's page of every registry model that has one (a figure's is its
    source's, a sector's its zones' directory filtered by it)."""
    pages = []
    for entry in entries():
        if hasattr(entry.model, "get_absolute_url"):
            record = public_records(entry).order_by("pk").first()
            if record is not None:
                pages.append(record.get_absolute_url().split("#")[0])
    return list(dict.fromkeys(pages))


def test_the_page_list_covers_every_directory_profile_and_chart(documents):
    pages = public_pages()
    for entry in directories():
        assert reverse(entry.directory) in pages, entry.name
    for slug in CHARTS:
        assert f"/dashboards/{slug}/" in pages
    profiles = {page.strip("/").split("/")[0] for page in profile_pages()}
    assert {"zones", "provinces", "incubators", "companies", "innofund", "sources"} <= profiles


def test_the_vendored_axe_is_the_version_its_readme_names():
    version = re.match(r"/\*! axe v(\S+)", AXE.read_text()).group(1)
    assert f"axe-core **{version}**" in (AXE.parent / "README.md").read_text()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text()


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe's violations of the WCAG 2.1 A and AA rules on the page as it stands.

    axe is run through the DevTools protocol (page.evaluate), which the page's
    Content-Security-Policy does not govern; a <script> tag (add_script_tag) would be inline
    script and refused by `script-src 'self'`. The pages are checked with their policy in
    force (no bypass_csp), so what axe sees is what a visitor's browser shows."""
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, helpUrl: v.helpUrl,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' | ' + n.failureSummary)})))",
        WCAG_TAGS,
    )


def described(url: str, violations: list[dict], nodes_shown: int = 5) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl'].split('?')[0]}>"
        )
        for node in violation["nodes"][:nodes_shown]:
            lines.append("    " + " ".join(node.split()))
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


def addresses(language: str) -> list[str]:
    """The public pages' addresses in a language. A page with one address for both (the API's
    documentation) is checked with the English ones; every unknown address is the 404 page."""
    if language == "en":
        return public_pages()
    found = []
    for url in public_pages():
        translated = translate_url(url, language)
        if url == NOT_FOUND:
            found.append(f"/{language}{url}")
        elif translated != url:
            found.append(translated)
    return found


def axe_problems(page, axe_source: str, addresses: list[str]) -> list[str]:
    problems = []
    for address in addresses:
        page.goto(address)
        page.wait_for_load_state("networkidle")  # charts fetch their data, then draw
        problems += [described(address, [v]) for v in axe_violations(page, axe_source)]
    return problems


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_public_page_passes_axe(documents, page, axe_source, language):
    make_release()  # so that a release's own page is among them
    problems = axe_problems(page, axe_source, addresses(language))
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_pages_at_a_phones_width_pass_axe_and_fit(documents, page, axe_source):
    """At 320 pixels (WCAG 1.4.10, reflow) the menu folds away and the filters sit above the
    table: a page of each kind, checked again, none wider than the window."""
    page.set_viewport_size({"width": 320, "height": 800})
    samples = [
        "/",
        reverse(directories()[0].directory),
        profile_pages()[0],
        reverse("dashboard_chart", args=[next(iter(CHARTS))]),
    ]
    problems = axe_problems(page, axe_source, samples + [f"/zh-hans{url}" for url in samples])
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    for url in samples:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_the_api_documentation_passes_axe_with_an_operation_tried(documents, page, axe_source):
    """The API documentation is Swagger UI, drawn as operations open: it is checked again with
    one open, tried and answered (its parameters' drop-downs, the examples, the response)."""
    page.goto(reverse("api-docs"))
    operation = page.locator("#operations-v1-v1_figures_list")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    operation.locator(".live-responses-table").wait_for()
    violations = axe_violations(page, axe_source)
    assert not violations, described(page.url, violations)


def test_axe_reports_what_it_finds(documents, page, axe_source):
    """The check can fail: an image without a text alternative is reported, with its place."""
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    report = described("/", axe_violations(page, axe_source))
    assert "image-alt" in report and "    img | " in report, report


@pytest.mark.parametrize("width", [992, 1280, 1400])
def test_the_menu_stays_inside_the_window(documents, page, width):
    """Where the menu is crowded it wraps onto a second line rather than running off the
    window (WCAG 1.4.10): the language switcher stays in view."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/zones/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.get_by_role("link", name="简体中文").bounding_box()
    assert box["x"] + box["width"] <= width


# --- The offer to read in Chinese ----------------------------------------------------------------


@pytest.fixture
def chinese_browser(browser, live_server):
    """A page in a browser whose preferred language is Chinese (navigator.languages: zh-CN)."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    yield chinese_page(context)
    context.close()


def chinese_page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_browser_preferring_chinese_is_offered_the_chinese_page(
    documents, chinese_browser, axe_source, screenshot
):
    page = chinese_browser
    page.goto("/zones/?kind=stip&sort=name")
    offer = page.locator("#language-offer")
    offer.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert offer.get_attribute("lang") == "zh-Hans"
    link = offer.get_by_role("link")
    assert link.get_attribute("href") == "/zh-hans/zones/?kind=stip&sort=name"
    # Above the menu, one line high, and the page around it passes axe.
    box = offer.bounding_box()
    assert box["y"] == 0 and box["height"] < 60, box
    violations = axe_violations(page, axe_source)
    assert not violations, described(page.url, violations)
    screenshot("header", element=page.locator("header"))

    link.click()
    page.wait_for_url("**/zh-hans/zones/?kind=stip&sort=name")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("#language-offer").count() == 0  # a Chinese page offers nothing

    page.goto("/zones/")
    offer.locator("[data-language-offer-close]").click()
    assert offer.is_hidden()
    page.reload()
    assert offer.is_hidden()
    page.goto("/")  # closed for good: on this page and every other
    assert offer.is_hidden() and offer.count() == 1


def test_a_browser_preferring_english_is_offered_nothing(documents, page):
    page.goto("/zones/")
    page.wait_for_load_state("load")
    assert page.locator("#language-offer").is_hidden()
    assert page.evaluate("navigator.languages[0]").startswith("en")


def test_without_javascript_there_is_no_offer(documents, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", java_script_enabled=False
    )
    page = chinese_page(context)
    page.goto("/zones/")
    assert page.locator("#language-offer").is_hidden()
    context.close()
