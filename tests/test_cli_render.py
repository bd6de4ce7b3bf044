"""``journeys render`` with click's CliRunner, on an SQLite store and a CSV file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from journeys import JourneyApp, analyse, journey_id
from journeys.analysis import Analysis
from journeys.cli import main
from journeys.interop.journey_csv import write_journey_csv
from tests.helpers import CATALOGUE, drawn_bereavement, drawn_moving, drawn_still_open

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    """An SQLite store of three journeys and the catalogue file naming their bodies."""
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    db = tmp_path / "journeys.db"
    app = JourneyApp.sqlite(db, catalogue=CATALOGUE)
    app.save(drawn_moving(), drawn_bereavement(), drawn_still_open())
    app.close()
    return db, catalogue


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["timeline", "map", "network"])
@pytest.mark.parametrize(("suffix", "start"), [(".svg", b"<?xml"), (".dot", b"digraph")])
def test_render_each_kind(
    store: tuple[Path, Path], tmp_path: Path, kind: str, suffix: str, start: bytes
) -> None:
    db, catalogue = store
    output = tmp_path / f"{kind}{suffix}"
    code, text = run("render", "--kind", kind, "--db", str(db), "--catalogue", str(catalogue),
                     "--backend", "wasm", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert f"wrote {output}" in text
    assert output.read_bytes().startswith(start)


def test_render_png(store: tuple[Path, Path], tmp_path: Path) -> None:
    db, catalogue = store
    output = tmp_path / "network.png"
    code, text = run("render", "--kind", "network", "--db", str(db), "--catalogue",
                     str(catalogue), "--backend", "wasm", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert output.read_bytes().startswith(PNG_SIGNATURE)


def test_timeline_defaults_to_the_journey_with_most_gaps(
    store: tuple[Path, Path], tmp_path: Path
) -> None:
    db, catalogue = store
    output = tmp_path / "timeline.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(db), "--catalogue",
                     str(catalogue), "-o", str(output))  # fmt: skip
    assert code == 0, text
    # The bereavement has five gaps; the move three; the open journey one.
    assert str(journey_id("render-tests", "bereavement")) in output.read_text(encoding="utf-8")


def test_timeline_of_a_named_journey_as_of(store: tuple[Path, Path], tmp_path: Path) -> None:
    db, catalogue = store
    output = tmp_path / "open.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(db), "--catalogue",
                     str(catalogue), "--journey", str(journey_id("render-tests", "still-open")),
                     "--as-of", "2025-07-01T00:00:00+00:00", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert "NO RESPONSE" in output.read_text(encoding="utf-8")


def test_map_options(store: tuple[Path, Path], tmp_path: Path) -> None:
    db, catalogue = store
    output = tmp_path / "map.dot"
    code, text = run("render", "--kind", "map", "--db", str(db), "--catalogue", str(catalogue),
                     "--granularity", "activity", "--top-nodes", "3", "--rank-by", "delay",
                     "--statistic", "p90", "-o", str(output))  # fmt: skip
    assert code == 0, text
    dot = output.read_text(encoding="utf-8")
    assert "activity granularity" in dot
    assert "showing 3 of" in dot
    assert "p90" in dot


def test_map_limits_and_zero_means_all(store: tuple[Path, Path], tmp_path: Path) -> None:
    db, catalogue = store
    output = tmp_path / "map.dot"
    code, text = run("render", "--kind", "map", "--db", str(db), "--catalogue", str(catalogue),
                     "--top-nodes", "2", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert "showing 2 of 8 touchpoints" in output.read_text(encoding="utf-8")
    code, text = run("render", "--kind", "map", "--db", str(db), "--catalogue", str(catalogue),
                     "--top-nodes", "0", "--top-edges", "0", "-o", str(output))  # fmt: skip
    assert code == 0, text
    dot = output.read_text(encoding="utf-8")
    assert "showing 8 of 8 touchpoints" in dot
    assert "kept by" not in dot


def test_network_keeps_the_busiest_boundaries(store: tuple[Path, Path], tmp_path: Path) -> None:
    db, catalogue = store
    output = tmp_path / "network.dot"
    code, text = run("render", "--kind", "network", "--db", str(db), "--catalogue",
                     str(catalogue), "--top-edges", "1", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert "showing 1 of " in output.read_text(encoding="utf-8")
    code, text = run("render", "--kind", "network", "--db", str(db), "--catalogue",
                     str(catalogue), "--top-edges", "0", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert "showing" not in output.read_text(encoding="utf-8")


def test_render_help_shows_the_map_limits() -> None:
    from journeys.render.journey_map import DEFAULT_TOP_EDGES, DEFAULT_TOP_NODES

    code, text = run("render", "--help")
    assert code == 0
    assert f"default: {DEFAULT_TOP_NODES}" in text
    assert f"default: {DEFAULT_TOP_EDGES}" in text


def test_render_from_a_journey_events_csv(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    events_csv = tmp_path / "events.csv"
    write_journey_csv(
        [*drawn_moving().collect_events(), *drawn_bereavement().collect_events()], events_csv
    )
    output = tmp_path / "network.svg"
    code, text = run("render", str(events_csv), "--kind", "network", "--catalogue",
                     str(catalogue), "--backend", "wasm", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert b"Bristol City Council" in output.read_bytes()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "map", "-o", "map.pdf"], "no known extension"),
        (["--kind", "timeline", "--journey", "not-a-case", "-o", "t.svg"], "journeys list"),
        (["--kind", "timeline", "--journey", "00000000-0000-0000-0000-000000000001",
          "-o", "t.svg"], "not in the store"),
        (["--kind", "map", "--backend", "cairo", "-o", "m.svg"], "Invalid value for '--backend'"),
        (["--kind", "sankey", "-o", "m.svg"], "Invalid value for '--kind'"),
        (["--kind", "map", "--as-of", "2025-07-01", "-o", "m.svg"], "no UTC offset"),
    ],
)  # fmt: skip
def test_errors_are_one_line_messages(
    store: tuple[Path, Path], tmp_path: Path, arguments: list[str], message: str
) -> None:
    db, catalogue = store
    arguments = [a if not a.endswith((".pdf", ".svg")) else str(tmp_path / a) for a in arguments]
    code, text = run("render", "--db", str(db), "--catalogue", str(catalogue), *arguments)
    assert code != 0
    assert message in text
    assert "Traceback" not in text


def test_empty_store_says_there_is_nothing_to_draw(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    JourneyApp.sqlite(db).close()
    code, text = run("render", "--kind", "timeline", "--db", str(db), "-o",
                     str(tmp_path / "t.svg"))  # fmt: skip
    assert code == 1
    assert "no journey to draw" in text


def count_analyses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the command, and render_timeline, run ``analyse`` from now on."""
    calls: Counter[str] = Counter()
    for where in ("journeys.cli.render_kinds", "journeys.render.timeline"):

        def counted(*args: Any, where: str = where, **kwargs: Any) -> Analysis:
            calls[where] += 1
            return analyse(*args, **kwargs)

        monkeypatch.setattr(f"{where}.analyse", counted)
    return calls


def test_timeline_of_the_most_gaps_analyses_the_store_once(
    store: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, catalogue = store
    calls = count_analyses(monkeypatch)
    output = tmp_path / "timeline.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(db), "--catalogue",
                     str(catalogue), "-o", str(output))  # fmt: skip
    assert code == 0, text
    # The analysis that chose the journey gave the timeline its findings.
    assert calls == {"journeys.cli.render_kinds": 1}


def test_timeline_of_a_named_journey_analyses_only_that_journey(
    store: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, catalogue = store
    calls = count_analyses(monkeypatch)
    output = tmp_path / "moving.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(db), "--catalogue",
                     str(catalogue), "--journey", str(journey_id("render-tests", "moving")),
                     "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert calls == {"journeys.render.timeline": 1}
    assert "refused after 3 d" in output.read_text(encoding="utf-8")
