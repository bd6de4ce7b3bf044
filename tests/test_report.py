"""``journeys report``: one self-contained HTML page, with everything from the store escaped."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from journeys import Body, Catalogue, Journey, JourneyApp
from journeys.analysis.filters import JourneyFilter
from journeys.cli import main
from journeys.errors import RenderError
from journeys.journey_ids import journey_id
from journeys.report import build_report, write_report
from journeys.report.escape import inline_svg, script_json, text
from journeys.report.page import scripts

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ACTIVITY = '"onmouseover=alert(2) <img src=x onerror=alert(3)>'
HOSTILE_CASE = "</script><script>alert(4)</script>"
START = datetime(2025, 3, 1, tzinfo=UTC)


def hostile_catalogue() -> Catalogue:
    return Catalogue(
        [
            Body("evil", HOSTILE_NAME, "local", ["england"]),
            Body("dwp", 'DWP "onclick=alert(5)', "central", ["england", "wales", "scotland"]),
            Body("nrs", "National Records of Scotland", "devolved", ["scotland"]),
        ]
    )


def hostile_journeys() -> list[Journey]:
    journeys = []
    for number, nation in enumerate(("england", "scotland", "england")):
        source = "log.csv"
        case = f"{HOSTILE_CASE}{number}"
        journey = Journey.start(
            citizen=f"{source}:{case}",
            trigger="death" if number < 2 else "birth",
            nation=nation,
            occurred_at=START,
            id=journey_id(source, case),
        )
        at = START + timedelta(hours=1)
        journey.touchpoint(
            "evil" if nation == "england" else "nrs", HOSTILE_ACTIVITY, occurred_at=at
        )
        journey.send_handoff(
            "h1",
            from_body="evil" if nation == "england" else "nrs",
            to_body="dwp",
            items=["date_of_death"],
            occurred_at=at + timedelta(hours=2),
        )
        journey.touchpoint(
            "dwp", f"{HOSTILE_ACTIVITY} {number}", occurred_at=at + timedelta(days=2)
        )
        journey.end(outcome=f"<b>done</b>{number}", occurred_at=at + timedelta(days=3))
        journeys.append(journey)
    return journeys


def hostile_store() -> JourneyApp:
    app = JourneyApp.in_memory(catalogue=hostile_catalogue())
    app.save(*hostile_journeys())
    return app


def hostile_db(tmp_path: Path) -> Path:
    db = tmp_path / "store.db"
    with JourneyApp.sqlite(db, catalogue=hostile_catalogue()) as app:
        app.save(*hostile_journeys())
    return db


@pytest.fixture(scope="module")
def page() -> str:
    return build_report(hostile_store(), timelines=2, source="<i>hostile</i> store")


def test_nothing_from_the_store_becomes_markup(page: str) -> None:
    tree = lxml_html.fromstring(page)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on"), (element.tag, attribute)
        assert element.tag.lower() not in {"img", "iframe", "object", "embed", "b", "i"}
    ours = scripts()
    for script in tree.iter("script"):
        if script.get("type") == "application/json":
            continue
        assert script.text in ours
    assert "alert(1)" in page  # shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "</script><script>alert(4)" not in page


def test_the_page_loads_nothing_and_runs_only_its_own_scripts(page: str) -> None:
    tree = lxml_html.fromstring(page)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "href", "xlink:href", "action", "data"):
            assert element.get(attribute) is None, (element.tag, attribute)
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = meta.get("content")
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    for script in scripts():
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not re.search(r"https?://(?!www\.w3\.org/)", _without_scripts(page))


def _without_scripts(page: str) -> str:
    for script in scripts():
        page = page.replace(script, "")
    return page


def test_the_page_holds_tabs_per_nation_and_life_event_and_the_chosen_timelines(
    page: str,
) -> None:
    tree = lxml_html.fromstring(page)
    tabs = {tab.text_content() for tab in tree.xpath('//*[@role="tab"]')}
    assert {"England", "Scotland", "death", "birth", "Overview", "Find a journey"} <= tabs
    assert len(tree.xpath("//template")) == 2
    for panel in ("map-svg", "network-svg", "variants-svg"):
        assert tree.xpath(f'//*[@id="{panel}"]')
    assert "timelines of the 2 journeys with the most gaps" in page


def test_no_two_elements_share_an_id(page: str) -> None:
    ids = re.findall(r' id="([^"]*)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="map-svg-graph0"' in page


def test_a_filtered_report_says_what_it_holds() -> None:
    app = hostile_store()
    page = build_report(app, where=JourneyFilter(nation="scotland"), timelines=0)
    assert "journeys in Scotland" in page
    tree = lxml_html.fromstring(page)
    tabs = {tab.text_content() for tab in tree.xpath('//*[@role="tab"]')}
    assert "England" not in tabs
    assert not tree.xpath("//template")


def test_vendored_libraries_are_shipped_with_their_licences_unchanged() -> None:
    vendor = files("journeys.report").joinpath("vendor")
    readme = vendor.joinpath("README.md").read_text(encoding="utf-8")
    for name in ("svg-pan-zoom.min.js", "sortable.min.js"):
        digest = hashlib.sha256(vendor.joinpath(name).read_bytes()).hexdigest()
        assert f"`{name}`: `{digest}`" in readme
    for licence in ("svg-pan-zoom.LICENSE", "sortable.LICENSE"):
        assert vendor.joinpath(licence).read_text(encoding="utf-8").strip()


def test_escaping_helpers() -> None:
    assert text('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert "<" not in script_json({"x": "</script>"})
    assert "\u2028" not in script_json(["\u2028"])
    with pytest.raises(RenderError, match="script"):
        inline_svg('<svg width="1" height="1"><script>alert(1)</script></svg>', element_id="x")
    with pytest.raises(RenderError, match="onload"):
        inline_svg('<svg width="1" height="1" onload="alert(1)"></svg>', element_id="x")


def test_the_command_writes_the_page(tmp_path: Path) -> None:
    db = hostile_db(tmp_path)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["report", "--db", str(db), "-o", str(out), "--trigger", "death"]
    )
    assert result.exit_code == 0, result.output
    assert "journeys started by death" in out.read_text(encoding="utf-8")


def test_a_failure_is_one_line_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = hostile_db(tmp_path)
    out = tmp_path / "report.html"

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RenderError("no Graphviz here")

    monkeypatch.setattr("journeys.render.to_svg", broken)
    result = CliRunner().invoke(main, ["report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no Graphviz here"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if "report" in p.name]

    bad = CliRunner().invoke(main, ["report", "--db", str(db), "-o", str(out), "--gap", "x"])
    assert bad.exit_code == 2
    assert "--gap" in bad.output


def test_write_report_writes_whole(tmp_path: Path) -> None:
    out = write_report(hostile_store(), tmp_path / "r.html", timelines=1)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
