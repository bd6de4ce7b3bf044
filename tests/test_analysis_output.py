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
from tests.voice_data import voiced_population


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
    from journeys.voice.channels import Channel

    schema = analysis_schema()
    definitions = schema["$defs"]
    finding = schema["properties"]["findings"]["items"]["properties"]
    summary = schema["properties"]["summary"]["properties"]
    kinds = [kind.value for kind in FindingKind]
    assert finding["kind"] == {"$ref": "#/$defs/kind"}
    assert definitions["kind"]["enum"] == kinds
    for view in ("by_tier_pair", "by_nation_crossing"):
        assert summary[view]["items"]["properties"]["kind"] == {"$ref": "#/$defs/kind"}
    sentiment = schema["properties"]["experience"]["properties"]["gaps_and_sentiment"]
    assert sentiment["items"]["properties"]["kind"] == {"$ref": "#/$defs/kind"}
    tiers = definitions["boundary"]["properties"]["from_tier"]["enum"]
    assert tiers == [*(tier.value for tier in Tier), None]
    granularity = schema["properties"]["journey_map"]["properties"]["granularity"]["enum"]
    assert granularity == [g.value for g in Granularity]
    channels = schema["properties"]["experience"]["properties"]["channels"]["items"]
    channel = channels["properties"]["counts"]["items"]["properties"]["channel"]["enum"]
    assert channel == [c.value for c in Channel]


def test_version_1_of_the_schema_is_still_shipped_for_old_output() -> None:
    old = analysis_schema(1)
    new = analysis_schema()
    assert old["properties"]["schema_version"] == {"const": 1}
    assert new["properties"]["schema_version"] == {"const": 2}
    assert set(new["required"]) - set(old["required"]) == {"experience", "filtered_by"}
    with pytest.raises(ValueError, match="no analysis schema version 3"):
        analysis_schema(3)


@pytest.mark.parametrize("publish", [False, True])
def test_published_and_unpublished_output_follow_the_schema(publish: bool) -> None:
    events = [e for journey in population(30) for e in journey.collect_events()]
    analysis = analyse(events, catalogue=CATALOGUE, as_of=at(60))
    document = analysis.to_json(publish=publish, threshold=10)
    jsonschema.validate(
        document, analysis_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert ("suppressed" in document) is publish
    if publish:
        assert document["findings"] == []
        assert document["suppressed"]["threshold"] == 10
        assert document["suppressed"]["cells"] > 0
        assert document["suppressed"]["withheld"] == ["findings"]
        assert document["journeys"]["started"] == 30  # at the threshold or above: kept


def test_analyse_shows_the_experience_only_when_citizens_spoke(
    store: Path, catalogue_file: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    quiet = runner.invoke(main, ["analyse", "--db", str(store), "--catalogue", str(catalogue_file)])
    assert quiet.exit_code == 0, quiet.output
    assert "Experience by body" not in quiet.output
    assert "Gaps and sentiment" not in quiet.output
    voiced = tmp_path / "voiced.db"
    with JourneyApp.sqlite(voiced, catalogue=CATALOGUE) as app:
        app.save(*voiced_population(40))
    spoke = runner.invoke(
        main, ["analyse", "--db", str(voiced), "--catalogue", str(catalogue_file)]
    )
    assert spoke.exit_code == 0, spoke.output
    lines = spoke.output.splitlines()
    dwp = next(line for line in lines if line.startswith("│ dwp ") and "%" in line)
    # 40 answers about dwp (20 after a re-ask, at -1), 8 complaints in 40 journeys, by phone.
    assert [cell.strip() for cell in dwp.split("│")[4:8]] == ["40", "8", "200.0", "0%"]
    reask = next(line for line in lines if line.startswith("│ re-asks") and " any " in line)
    cells = [cell.strip() for cell in reask.split("│")[1:-1]]
    assert cells[:5] == ["re-asks", "any", "20", "20", "0"]
    assert float(cells[5]) < -1.5
    assert "Silent bodies" not in spoke.output  # both bodies were rated


def test_the_experience_in_json_follows_the_schema_and_agrees_with_the_tracked_projection(
    tmp_path: Path,
) -> None:
    from journeys.analysis import GapTracker

    app = JourneyApp.in_memory(catalogue=CATALOGUE)
    app.save(*voiced_population(24))
    batch = analyse(app)
    tracker = GapTracker(app)
    tracker.catch_up()
    assert tracker.analysis() == batch
    document = batch.to_json()
    jsonschema.validate(
        document, analysis_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    by_body = {row["body"]: row for row in document["experience"]["by_body"]}
    assert by_body["dwp"]["complaints_made"] == 5
    assert by_body["dwp"]["complaints_upheld"] == 5
    assert by_body["registrar"]["scores"]["scored"] == 24
    channels = {row["body"]: row for row in document["experience"]["channels"]}
    assert channels["registrar"]["digital_share"] == 18 / 24
    (card,) = [row for row in document["scorecard"] if row["body"] == "dwp"]
    assert card["complaints_made"] == 5
    assert card["complaints_per_1000_journeys"] == pytest.approx(1000 * 5 / 24)
