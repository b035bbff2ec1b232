"""The Content-Security-Policy allows no inline script or style, and nothing on the site needs
one: pages, charts, the API documentation and the admin run without a single violation."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/",
    "/zones/",
    "/zones/zhongguancun-science-park/",
    "/zh-hans/dashboards/",
    "/dashboards/zone-growth/embed/",
    "/zh-hans/dashboards/zones-by-place/embed/?by=region",
    "/downloads/",
    "/api/docs/",
]
ADMIN = [
    "/admin/",
    "/admin/zones/zone/",
    "/admin/zones/zone/add/",
    "/admin/zones/zone/1/change/",
    "/admin/zones/zone/1/history/",
    "/admin/zones/zone/import/",
    "/admin/figures/figure/",
    "/admin/zones/zone/export/",
]


def test_no_page_needs_inline_code(documents, page, violations, drawn_pixels, sign_in):
    for url in PUBLIC:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert not violations, (url, violations)
    page.goto("/zh-hans/dashboards/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart-src]')].every(c => c.chart)"
    )
    assert drawn_pixels(page, "canvas[data-chart-src]") > 1000
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()  # the documentation drew itself

    sign_in()
    for url in ADMIN:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert not violations, (url, violations)
