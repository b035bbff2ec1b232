"""A chart shown on another site, saved as an image, and read with the keyboard, in Chromium."""

import shutil
import struct
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"

pytestmark = pytest.mark.django_db(transaction=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(tmp_path):
    """Another site (127.0.0.1 on another port, where the portal is localhost): other_site(html)
    serves that page and returns its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(html: str) -> str:
        (tmp_path / "host.html").write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_port}/host.html"

    yield serve
    server.shutdown()
    server.server_close()


def test_another_site_shows_an_embed_but_not_a_page(
    documents, page, live_server, other_site, violations, drawn_pixels, screenshot
):
    embed = f"{live_server.url}/dashboards/zones-by-place/embed/?by=region"
    chart_page = f"{live_server.url}/dashboards/zones-by-place/?by=region"
    host = other_site(
        "<!doctype html><title>Another site</title><h1>Another site</h1>"
        f'<iframe name="embed" src="{embed}" title="Embedded" width="100%" height="480"></iframe>'
        f'<iframe name="page" src="{chart_page}" title="Framed page" width="100%" height="200">'
        "</iframe>"
    )
    page.goto(host)
    framed = page.frame(name="embed")
    framed.wait_for_selector("canvas[data-drawn=true]")
    assert framed.get_by_role("heading", name="Where the zones are").is_visible()
    assert drawn_pixels(framed) > 500
    link = framed.get_by_role("link", name="See this chart on Torch Portal (opens in a new tab)")
    assert link.get_attribute("target") == "_blank"
    with page.expect_download() as download_info:  # the image is saved from inside the frame too
        framed.get_by_role("button", name="Download image").click()
    assert download_info.value.suggested_filename.startswith("zones-by-place-")
    page.wait_for_load_state("networkidle")
    # The chart page itself is refused: nothing of it is shown, and the browser says why.
    refused = page.frame(name="page")
    assert refused.url.startswith("chrome-error:")  # Chromium's "refused to connect" page
    assert refused.get_by_role("heading", name="Where the zones are").count() == 0
    assert [text for text in violations if "frame-ancestors 'none'" in text], violations
    assert not [text for text in violations if "frame-ancestors 'none'" not in text], violations
    screenshot()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize(
    ("url", "saved"),
    [
        ("/dashboards/zone-growth/", "chart-download.png"),
        ("/zh-hans/dashboards/zone-shares/", "chart-download-zh.png"),
        ("/dashboards/program-tools/embed/?tool=bases", "chart-download-embed.png"),
    ],
)
def test_download_image_saves_the_chart_as_a_png(documents, page, violations, url, saved):
    page.goto(url)
    canvas = page.locator("canvas[data-chart-src]")
    page.wait_for_selector("canvas[data-drawn=true]")
    button = page.locator("button[data-chart-image]")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")
    path = Path(download.path())
    width, height = png_size(path)
    chart_width = canvas.evaluate("canvas => canvas.width")
    chart_height = canvas.evaluate("canvas => canvas.height")
    assert width == chart_width + 48  # the chart with a margin either side
    assert height > chart_height + 150  # and the words above and below it
    assert path.stat().st_size > 10_000
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SCREENSHOTS / saved)
    assert not violations


@pytest.mark.parametrize("slug", ["zone-growth", "zones-by-place"])
def test_the_keyboard_reaches_the_chart_then_its_table(documents, page, screenshot, slug):
    page.goto(f"/dashboards/{slug}/")
    page.wait_for_selector("canvas[data-drawn=true]")
    canvas = f"chart-{slug}-canvas"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == canvas:
            break
    else:
        pytest.fail("Tab never reaches the chart")
    chart = page.locator(f"#{canvas}")
    assert chart.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # seen
    assert chart.get_attribute("aria-label").startswith(page.locator("h1").inner_text())
    details = page.locator(f"#{chart.get_attribute('aria-details')}")
    assert details.evaluate("el => el.tagName") == "DETAILS"
    screenshot(element=page.locator(f"#chart-{slug}"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("document.activeElement.parentElement.id") == f"chart-{slug}-data"
    assert not details.evaluate("el => el.open")
    page.keyboard.press("Enter")
    assert details.evaluate("el => el.open")
    assert details.locator("table tbody tr").first.is_visible()


def test_the_chart_page_offers_its_embed_code_to_copy(documents, page, live_server, screenshot):
    page.goto("/dashboards/zone-statistics/?statistic=employees")
    page.wait_for_selector("canvas[data-drawn=true]")
    code = page.get_by_label("HTML code")
    assert code.get_attribute("readonly") is not None
    src = code.input_value().split('"')[1]
    assert src.startswith(f"{live_server.url}/dashboards/zone-statistics/embed/?")
    assert "statistic=employees" in src and "&amp;" in src  # an HTML attribute, escaped
    copy = page.get_by_role("button", name="Copy the code")
    copy.click()
    page.get_by_role("button", name="Copied").wait_for()
    screenshot()
    embed = page.goto(src.replace("&amp;", "&"))
    assert embed.status == 200
    assert page.get_by_label("Statistic", exact=True).count() == 0  # no selection form
    page.wait_for_selector("canvas[data-drawn=true]")
    assert "employees" in page.locator("canvas").get_attribute("data-chart-src")
    screenshot("embed")
