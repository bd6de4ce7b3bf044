"""``journeys list`` and ``journey_rows``, and ``journeys render --journey`` by case id."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from journeys import JourneyApp, analyse, journey_id
from journeys.analysis import GAP_KINDS, JourneyRow, journey_rows
from journeys.cli import main
from journeys.errors import AnalysisError
from tests.case_logs import case_store

FIELDS = {"id", "source", "case", "trigger", "nation", "started_at", "outcome", "events",
          "gaps", "bodies"}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return case_store(tmp_path_factory.mktemp("list"))


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    return result.exit_code, result.output


def listed(store: Path, *arguments: str) -> list[dict[str, object]]:
    """The rows ``journeys list --json`` prints."""
    code, text = run("list", "--db", str(store), "--json", *arguments)
    assert code == 0, text
    rows: list[dict[str, object]] = json.loads(text)
    return rows


def refs(rows: list[dict[str, object]]) -> list[str]:
    return [f"{row['source']}:{row['case']}" for row in rows]


def test_rows_summarise_each_journey_with_its_gap_count(store: Path) -> None:
    with JourneyApp.sqlite(store) as app:
        rows = journey_rows(app)
        gaps = Counter(f.journey for f in analyse(app).findings if f.kind in GAP_KINDS)
    assert [str(row.case) for row in rows] == [
        "fines.csv:N1", "fines.csv:N2", "benefits.csv:N2", "benefits.csv:N3"
    ]  # fmt: skip
    assert all(isinstance(row, JourneyRow) for row in rows)
    assert {row.id: row.gaps for row in rows} == {row.id: gaps[row.id] for row in rows}
    first = rows[0]
    assert first.id == journey_id("fines.csv", "N1")
    assert (first.trigger, first.nation.value, first.outcome) == ("traffic-fine", "wales",
                                                                  "completed")  # fmt: skip
    assert first.gaps == 1  # the hand-off to HMRC is never answered
    assert first.bodies == ("dwp",)  # an unanswered hand-off does not touch HMRC
    assert rows[3].outcome is None  # the benefits log leaves its journeys open
    assert rows[3].events == 3  # started, two touchpoints


def test_list_prints_full_ids_and_case_ids_when_piped(store: Path) -> None:
    code, text = run("list", "--db", str(store))
    assert code == 0, text
    header, *lines = text.splitlines()
    assert header.split("\t") == ["id", "source", "case", "trigger", "nation", "outcome",
                                  "events", "gaps"]  # fmt: skip
    assert len(lines) == 4
    first = lines[0].split("\t")
    assert first == [str(journey_id("fines.csv", "N1")), "fines.csv", "N1", "traffic-fine",
                     "wales", "completed", "5", "1"]  # fmt: skip
    assert lines[3].split("\t")[5] == ""  # still open: no outcome


def test_list_json_has_every_field(store: Path) -> None:
    rows = listed(store)
    assert len(rows) == 4
    assert all(set(row) == FIELDS for row in rows)
    assert rows[0]["id"] == str(journey_id("fines.csv", "N1"))
    assert (rows[0]["source"], rows[0]["case"], rows[0]["gaps"]) == ("fines.csv", "N1", 1)
    assert rows[2]["outcome"] is None
    assert rows[3]["bodies"] == ["dwp", "sss"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--nation", "scotland"], ["benefits.csv:N2", "benefits.csv:N3"]),
        (["--nation", "Wales"], ["fines.csv:N1", "fines.csv:N2"]),
        (["--trigger", "traffic-fine"], ["fines.csv:N1", "fines.csv:N2"]),
        (["--trigger", "birth"], []),
        (["--body", "hmrc"], ["fines.csv:N2"]),
        (["--body", "dwp"], ["fines.csv:N1", "fines.csv:N2", "benefits.csv:N3"]),
        (["--outcome", "completed"], ["fines.csv:N1", "fines.csv:N2"]),
        (["--limit", "1"], ["fines.csv:N1"]),
        (["--body", "dwp", "--nation", "scotland"], ["benefits.csv:N3"]),
        (["--body", "dwp", "--limit", "2"], ["fines.csv:N1", "fines.csv:N2"]),
    ],
)
def test_list_filters(store: Path, arguments: list[str], expected: list[str]) -> None:
    assert refs(listed(store, *arguments)) == expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--nation", "mercia"], "unknown nation 'mercia'"),
        (["--body", "ministry-of-magic"], "unknown body id 'ministry-of-magic'"),
        (["--limit", "0"], "Invalid value for '--limit'"),
    ],
)
def test_bad_filters_are_usage_errors(store: Path, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["list", "--db", str(store), *arguments])
    assert result.exit_code == 2, result.output
    assert message in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1
    assert "Traceback" not in result.output


def test_journey_rows_refuses_an_unknown_nation(store: Path) -> None:
    with JourneyApp.sqlite(store) as app, pytest.raises(AnalysisError, match="mercia"):
        journey_rows(app, nation="mercia")


def test_list_of_a_missing_store_is_an_error(tmp_path: Path) -> None:
    code, text = run("list", "--db", str(tmp_path / "nowhere.db"))
    assert code == 1
    assert "no such store" in text


def test_an_erased_citizens_journey_is_neither_listed_nor_found(tmp_path: Path) -> None:
    store = case_store(tmp_path, citizen_keys=True)
    with JourneyApp.sqlite(store) as app:
        app.erase_citizen("fines.csv:N1")
    assert refs(listed(store)) == ["fines.csv:N2", "benefits.csv:N2", "benefits.csv:N3"]
    code, text = run("render", "--kind", "timeline", "--db", str(store), "--journey", "N1",
                     "--backend", "wasm", "-o", str(tmp_path / "t.dot"))  # fmt: skip
    assert code == 2
    assert "not in the store" in text
    assert not (tmp_path / "t.dot").exists()


@pytest.mark.parametrize("ref", ["N1", "fines.csv:N2", "benefits.csv:N2"])
def test_render_a_timeline_by_case_id(store: Path, tmp_path: Path, ref: str) -> None:
    output = tmp_path / "timeline.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(store), "--journey", ref,
                     "--backend", "wasm", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert output.read_text(encoding="utf-8").startswith("digraph")


def test_render_by_an_ambiguous_case_id_lists_the_choices(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "timeline.dot"
    code, text = run("render", "--kind", "timeline", "--db", str(store), "--journey", "N2",
                     "--backend", "wasm", "-o", str(output))  # fmt: skip
    assert code == 2
    assert "benefits.csv:N2, fines.csv:N2" in text
    assert not output.exists()


def test_as_of_closes_open_journeys_before_gaps_are_counted(store: Path) -> None:
    as_of = datetime(2025, 6, 1, tzinfo=UTC)
    with JourneyApp.sqlite(store) as app:
        gaps = Counter(f.journey for f in analyse(app, as_of=as_of).findings if f.kind in GAP_KINDS)
    rows = listed(store, "--as-of", as_of.isoformat())
    assert {row["id"]: row["gaps"] for row in rows} == {
        row["id"]: gaps[UUID(str(row["id"]))] for row in rows
    }
    assert rows[2]["gaps"] > listed(store)[2]["gaps"]  # benefits.csv:N2 is still open
