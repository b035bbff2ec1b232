"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Outside CI a machine without Chromium skips these tests and says so; in CI (CI=true) a missing
browser fails the run, so a green CI always means the pages were really driven.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " Browser tests skipped.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page):
    """sign_in(): create a superuser and sign in through the admin's login form, as a person
    would; returns the page."""
    from django.contrib.auth import get_user_model

    def sign_in(username: str = "editor", password: str = "a-long-test-password"):
        get_user_model().objects.create_superuser(username, "", password)
        page.goto("/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Registry administration").wait_for()
        return page

    return sign_in


@pytest.fixture
def screenshot(page, request):
    """Save a full-page screenshot under tests/screenshots/, named after the test."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(label: str = "", full_page: bool = True, element=None) -> Path:
        """The whole page, or with element= one part of it (a Playwright locator)."""
        name = request.node.name + (f"-{label}" if label else "")
        path = SCREENSHOTS / f"{name}.png"
        if element is not None:
            element.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def drawn_pixels():
    """How many pixels of a chart's canvas are painted (not transparent)."""

    def count(page, selector="canvas[data-chart], canvas[data-chart-src]") -> int:
        return page.eval_on_selector(
            selector,
            """canvas => {
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                return painted;
            }""",
        )

    return count


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports, as the console prints it."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found
