"""``journeys import`` and ``journeys export`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from journeys import JourneyApp, analyse
from journeys.cli import main
from journeys.interop import JOURNEY_CSV_COLUMNS, write_journey_csv
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, sample_journeys, write_text


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_import_a_real_log_twice_then_export_it(tmp_path: Path) -> None:
    log = shared_data(f"{EVENTLOGS}/roadtraffic100traces.xes")
    database = tmp_path / "fines.db"
    code, output = run("import", str(log), "--db", str(database), "--quiet")
    assert (code, output) == (0, "")
    code, output = run("import", str(log), "--db", str(database))
    assert code == 0
    assert "imported 0 (0 events), 100 already stored" in output
    # The store keeps the bodies generated from the log's resources: it opens and
    # analyses from Python with no catalogue argument, and no file sits beside it.
    with JourneyApp.sqlite(database) as app:
        assert analyse(app).journeys_started == 100
    assert not list(tmp_path.glob("*.toml"))

    ocel, xes, csv = tmp_path / "f.jsonocel", tmp_path / "f.xes.gz", tmp_path / "f.csv"
    code, output = run(
        "export", "--db", str(database), "--ocel", str(ocel), "--xes", str(xes), "--csv", str(csv)
    )
    assert code == 0, output
    assert "590 events written" in output
    assert "100 traces written" in output
    assert len(json.loads(ocel.read_text(encoding="utf-8"))["events"]) == 590
    assert csv.read_text(encoding="utf-8").count("\n") == 591


def test_import_reports_new_bodies(tmp_path: Path) -> None:
    log = write_text(
        tmp_path / "log.csv",
        "case:concept:name,concept:name,time:timestamp,org:group\n"
        "A,Visit,2025-03-01T09:00:00,Front desk\n",
    )
    database = tmp_path / "j.db"
    code, output = run("import", str(log), "--db", str(database))
    assert code == 0, output
    assert "1 bodies not in the catalogue were recorded in the store" in output
    assert "Front desk" in output


def test_activity_log_options(tmp_path: Path) -> None:
    log = write_text(tmp_path / "custom.csv", "Case,Step,When,Team\nx,Apply,01/07/2024 09:30,dwp\n")
    database = tmp_path / "j.db"
    code, output = run(
        "import",
        str(log),
        "--db",
        str(database),
        "--format",
        "activity-csv",
        "--case-column",
        "Case",
        "--activity-column",
        "Step",
        "--timestamp-column",
        "When",
        "--group-column",
        "Team",
        "--timestamp-format",
        "%d/%m/%Y %H:%M",
        "--timezone",
        "Europe/London",
        "--source",
        "claims",
        "--quiet",
    )
    assert code == 0, output
    with JourneyApp.sqlite(database) as app:
        (journey,) = (app.get_journey(j) for j in app.journey_ids())
    assert journey.citizen == "claims:x"
    assert journey.started_at.isoformat() == "2024-07-01T08:30:00+00:00"


def test_a_refused_import_exits_non_zero_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    database = tmp_path / "j.db"
    good = tmp_path / "good.csv"
    write_journey_csv([e for j in sample_journeys() for e in j.pending_events], good)
    assert run("import", str(good), "--db", str(database), "--quiet")[0] == 0
    with JourneyApp.sqlite(database) as app:
        before = app.max_position()
    bad = write_text(
        tmp_path / "bad.csv",
        ",".join(JOURNEY_CSV_COLUMNS)
        + "\nj,2025-03-01T09:00:00+00:00,started,,,,,,,,death,england,c,\n"
        + "j,2025-03-02T09:00:00+00:00,handoff_accepted,,,,h-9,,,,,,,\n",
    )
    code, output = run("import", str(bad), "--db", str(database))
    assert code == 1
    assert f"Error: {bad}, line 3: hand-off 'h-9' was never sent" in output
    with JourneyApp.sqlite(database) as app:
        assert app.max_position() == before


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    log = write_text(tmp_path / "log.csv", "case:concept:name,concept:name,time:timestamp\n")
    code, output = run("import", str(log), "--db", str(tmp_path / "j.db"), "--timezone", "Moon")
    assert code == 2
    assert "unknown time zone 'Moon'" in output
    code, output = run("export", "--db", str(tmp_path / "j.db"))
    assert code == 2
    assert "name at least one output" in output
    code, output = run("export", "--db", str(tmp_path / "absent.db"), "--ocel", "x.jsonocel")
    assert code == 1
    assert "no such store" in output
    code, output = run("import", str(tmp_path / "absent.xes"), "--db", str(tmp_path / "j.db"))
    assert code == 1
    assert "file not found" in output
