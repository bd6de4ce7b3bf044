"""The analysis as JSON (against the shipped schema), plain rows, and the ``analyse`` command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from journeys import JourneyApp
from journeys.analysis import FindingKind, Granularity, analyse
from journeys.cli import main
from journeys.data import analysis_schema
from journeys.interop.journey_csv import write_journey_csv
from tests.helpers import CATALOGUE, at, population


@pytest.mark.parametrize("as_of", [None, at(60)])
def test_to_json_follows_the_shipped_schema(as_of: object) -> None:
    events = [e for journey in population(6) for e in journey.collect_events()]
    document = analyse(events, catalogue=CATALOGUE, as_of=as_of).to_json()  # type: ignore[arg-type]
    jsonschema.validate(
        document, analysis_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert json.loads(json.dumps(document)) == document


def test_rows_are_plain_data_for_dataframes() -> None:
    events = [e for journey in population(4) for e in journey.collect_events()]
    analysis = analyse(events, catalogue=CATALOGUE, as_of=at(60))
    rows = analysis.finding_rows()
    assert len(rows) == len(analysis.findings)
    assert set(rows[0]) >= {
        "kind",
        "journey",
        "from_body",
        "to_body",
        "start",
        "end",
        "duration_seconds",
        "items",
        "tier_pair",
        "crosses_nation",
    }
    assert all(isinstance(row["items"], list) for row in rows)
    assert {row["source_label"] for row in analysis.map_rows("activity")} >= {"assessment"}
    assert analysis.network_rows()[0]["handoffs"] >= 0
    assert {row["body"] for row in analysis.scorecard_rows()} >= {"dwp", "hmrc"}


@pytest.fixture
def catalogue_file(tmp_path: Path) -> Path:
    path = tmp_path / "bodies.toml"
    path.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "journeys.db"
    with JourneyApp.sqlite(path, catalogue=CATALOGUE) as app:
        app.save(*population(6))
    return path


def test_analyse_a_store_writes_json(store: Path, catalogue_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.json"
    result = CliRunner().invoke(
        main,
        [
            "analyse",
            "--db",
            str(store),
            "--catalogue",
            str(catalogue_file),
            "--as-of",
            at(60).isoformat(),
            "--json",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "6 journeys from" in result.output
    assert "Worst gaps by boundary" in result.output
    with JourneyApp.sqlite(store, catalogue=CATALOGUE) as app:
        expected = analyse(app, as_of=at(60)).to_json()
    assert json.loads(out.read_text(encoding="utf-8")) == expected


def test_analyse_track_keeps_a_projection(store: Path, catalogue_file: Path) -> None:
    runner = CliRunner()
    args = ["analyse", "--db", str(store), "--catalogue", str(catalogue_file), "--track"]
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    import sqlite3

    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT COUNT(*) FROM gaps_findings").fetchone()[0] > 0


def test_analyse_a_journey_events_csv(catalogue_file: Path, tmp_path: Path) -> None:
    events = [e for journey in population(4) for e in journey.collect_events()]
    csv_path = tmp_path / "events.csv"
    write_journey_csv(events, csv_path)
    out = tmp_path / "gaps.json"
    result = CliRunner().invoke(
        main, ["analyse", str(csv_path), "--catalogue", str(catalogue_file), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["counts"] == analyse(events, catalogue=CATALOGUE).to_json()["counts"]


def test_analyse_reports_bad_input_cleanly(catalogue_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["analyse", "--db", str(tmp_path / "absent.db")])
    assert missing.exit_code == 1
    assert "no such store" in missing.output
    assert not (tmp_path / "absent.db").exists()
    naive = runner.invoke(
        main, ["analyse", "--db", str(tmp_path / "x.db"), "--as-of", "2025-01-01T00:00"]
    )
    assert naive.exit_code == 2
    assert "no UTC offset" in naive.output
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(
        "journey,occurred_at,event,body,service,activity,handoff,to_body,items,outcome,"
        "trigger,nation,citizen,reason\n"
        "j1,2025-01-01T00:00:00+00:00,started,,,,,,,,death,england,c1,\n"
        "j1,2025-01-02T00:00:00+00:00,handoff_accepted,,,,h9,,,,,,,\n",
        encoding="utf-8",
    )
    refused = runner.invoke(main, ["analyse", str(bad_csv), "--catalogue", str(catalogue_file)])
    assert refused.exit_code == 1
    assert "bad.csv, line 3" in refused.output
    assert "h9" in refused.output
    nothing = runner.invoke(main, ["analyse"], env={"PERSISTENCE_MODULE": ""})
    assert nothing.exit_code == 2
    assert "--db PATH" in nothing.output


def test_analyse_an_imported_store_uses_its_generated_catalogue(tmp_path: Path) -> None:
    from tests.conftest import shared_data

    log = shared_data("data/eventlogs/roadtraffic100traces.xes")
    db = tmp_path / "fines.db"
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(log), "--db", str(db), "--quiet"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(main, ["analyse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "100 journeys from" in result.output


def test_the_schema_names_every_kind_tier_and_granularity() -> None:
    """The shipped schema's enums follow the code, so a new kind cannot be forgotten there."""
    from journeys.bodies import Tier

    schema = analysis_schema()
    finding = schema["properties"]["findings"]["items"]["properties"]
    summary = schema["properties"]["summary"]["properties"]
    kinds = [kind.value for kind in FindingKind]
    assert finding["kind"]["enum"] == kinds
    for view in ("by_tier_pair", "by_nation_crossing"):
        assert summary[view]["items"]["properties"]["kind"]["enum"] == kinds
    tiers = finding["boundary"]["properties"]["from_tier"]["enum"]
    assert tiers == [*(tier.value for tier in Tier), None]
    granularity = schema["properties"]["journey_map"]["properties"]["granularity"]["enum"]
    assert granularity == [g.value for g in Granularity]
