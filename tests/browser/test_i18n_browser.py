"""A Chinese reader switches the portal to Chinese, browses, and shares a link that stays Chinese."""

import re

import pytest

from zones.models import Zone

pytestmark = pytest.mark.django_db(transaction=True)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def registry(documents, page):
    return page


def test_switching_to_chinese_and_sharing_a_permalink(registry, browser, live_server, screenshot):
    page = registry
    page.goto("/zones/?kind=stip")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(re.compile(r"/zh-hans/zones/\?kind=stip$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert CJK.search(page.locator("h1").inner_text())
    assert page.get_by_role("link", name="孵化器", exact=True).first.is_visible()
    screenshot("directory")

    chinese_name = Zone.objects.get(list_number=1).name_zh  # 中关村科技园区, from its claims
    page.get_by_role("link", name=chinese_name).first.click()
    page.wait_for_url(re.compile(r"/zh-hans/zones/zhongguancun-science-park/$"))
    assert "批准时间" in page.content()
    screenshot("profile")
    permalink = page.url

    # The link, opened by someone else (a new browser, no cookies), is still Chinese.
    other = browser.new_context()
    shared = other.new_page()
    shared.goto(permalink)
    assert shared.locator("html").get_attribute("lang") == "zh-Hans"
    assert "批准时间" in shared.content()
    other.close()

    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"/zones/zhongguancun-science-park/$"))
    assert "/zh-hans/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en"


def test_chinese_home_and_dashboard(registry, screenshot, drawn_pixels):
    page = registry
    page.goto("/zh-hans/")
    assert "火炬计划门户" in page.title()
    assert page.locator(".figure-card").count() > 0
    screenshot("home")

    page.goto("/zh-hans/dashboards/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart-src]')].every(c => c.chart)"
    )
    assert drawn_pixels(page, "canvas[data-chart-src]") > 1000
    titles = page.locator("h2").all_inner_texts()
    assert titles and all(CJK.search(title) for title in titles if title.strip())
    screenshot("dashboard")
