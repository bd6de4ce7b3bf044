"""The report in a real browser: the distribution's headless Chromium, driven by Playwright.

The report of a simulated population is opened from a file with every network
request blocked and recorded: the page must make none, log no console error,
switch tabs, and find a journey and show its timeline. A screenshot is taken
(and kept in pytest's tmp path; ``JOURNEYS_SCREENSHOT`` names another copy).

Chromium is the distribution's (``apt-get install chromium``), never a browser
Playwright downloads. Outside CI the test skips, saying why, when Chromium or
Playwright is missing; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from journeys import JourneyApp
from journeys.blueprints import bundled_blueprints
from journeys.report import write_report
from journeys.simulation import simulate_into

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true never skips the browser test)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        _missing("no Chromium on PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=60, seed=7)
    return write_report(
        app, tmp_path_factory.mktemp("report") / "report.html", timelines=5, source="simulated"
    )


def test_the_report_works_offline_in_chromium(browser: Any, report: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def block(route: Any) -> None:
        requests.append(route.request.url)
        route.abort()

    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == report.as_uri() else block(route),
    )
    page.goto(report.as_uri())

    assert page.is_visible("#panel-overview")
    assert page.locator("#panel-overview .figure").count() >= 6

    page.click('[role="tab"][data-panel="panel-network"]')
    assert page.is_visible("#network-svg")
    assert not page.is_visible("#panel-overview")
    # svg-pan-zoom wraps the drawing in its viewport group and adds its controls.
    assert page.locator("#network-svg .svg-pan-zoom_viewport").count() == 1
    assert page.locator("#network-svg #svg-pan-zoom-controls").count() == 1

    page.click('[role="tab"][data-panel="panel-nations"]')
    nation_tabs = page.locator('[role="tab"][data-group="nations"]')
    assert nation_tabs.count() >= 1
    if nation_tabs.count() > 1:
        second = nation_tabs.nth(1)
        second.click()
        assert page.is_visible("#" + second.get_attribute("data-panel"))

    page.click('[role="tab"][data-panel="panel-overview"]')
    header = page.locator("#panel-overview table.sortable thead th").nth(1)
    header.click()
    page.wait_for_timeout(100)
    assert header.get_attribute("aria-sort") in {"ascending", "descending"}

    page.click('[role="tab"][data-panel="panel-finder"]')
    with_timeline = page.evaluate(
        "JSON.parse(document.getElementById('journey-index').textContent)"
        ".filter(e => e.has_timeline)[0].id"
    )
    page.fill("#finder-input", with_timeline[:13])
    page.wait_for_selector("#finder-viewer svg.picture")
    assert with_timeline in page.inner_text("#finder-viewer h3")
    assert page.locator("#finder-viewer .svg-pan-zoom_viewport").count() == 1

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    extra = os.environ.get("JOURNEYS_SCREENSHOT")
    if extra:
        shutil.copyfile(shot, extra)

    assert problems == []
    assert requests == []
    assert dialogs == []
    page.close()


def test_an_unknown_id_says_so(browser: Any, report: Path) -> None:
    page = browser.new_page()
    page.goto(report.as_uri())
    page.click('[role="tab"][data-panel="panel-finder"]')
    page.fill("#finder-input", "no-such-journey")
    assert page.inner_text("#finder-status").startswith("0 journeys match")
    page.close()


def test_hostile_names_stay_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from tests.test_report import HOSTILE_NAME, hostile_store

    path = write_report(hostile_store(), tmp_path / "hostile.html", timelines=3)
    page = browser.new_page()
    dialogs: list[str] = []
    problems: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(path.as_uri())
    for tab in page.locator('[role="tab"]').all():
        if tab.is_visible():
            tab.click()
    page.click('[role="tab"][data-panel="panel-finder"]')
    page.fill("#finder-input", "script")
    page.locator(".journey-link").first.click()
    page.wait_for_selector("#finder-viewer svg.picture")
    assert "</script>" in page.inner_text("#finder-results")  # the case id, as text
    page.click('[role="tab"][data-panel="panel-network"]')
    assert HOSTILE_NAME in page.locator("#network-svg").text_content()
    assert dialogs == []
    assert problems == []
    page.close()
