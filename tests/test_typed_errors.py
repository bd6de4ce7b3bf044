"""Every error is typed and located (issue 14, part 6).

Out-of-range instants, control characters in names, locked and closed stores,
refused imports and bad UTF-8 each raise a :class:`~journeys.errors.JourneysError`
naming the value (and, for files, the file and the line); the CLI prints it on one
line, without a traceback, and leaves no half-written file behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import Journey, JourneyApp
from journeys.analysis import GapTracker
from journeys.cli import main
from journeys.errors import EventLogError, InvalidValueError, StoreError
from journeys.interop import (
    import_log,
    write_journey_csv,
    write_ocel,
)
from tests.interop_data import sample_journeys, write_text

LATE = "9999-12-31T23:59:59-05:00"
EARLY = "0001-01-01T00:00:00+05:00"
ACTIVITY_HEADER = "case:concept:name,concept:name,time:timestamp,org:group\n"
XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'


def run(*args: str) -> tuple[int, str]:
    """Run the CLI; an exception other than a clean exit fails the test."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def xes_log(path: Path, when: str, activity: str = "Visit") -> Path:
    return write_text(
        path,
        XES_HEAD
        + '<trace><string key="concept:name" value="A"/>\n'
        + f'<event><string key="concept:name" value="{activity}"/>'
        + f'<date key="time:timestamp" value="{when}"/>'
        + '<string key="org:group" value="Front desk"/></event>\n'
        + "</trace>\n</log>\n",
    )


def exported(tmp_path: Path, name: str) -> Path:
    """A journey-events CSV (``.csv``) or OCEL (``.jsonocel``) of one sample journey."""
    app = JourneyApp()
    app.save(sample_journeys()[0])
    path = tmp_path / name
    if name.endswith(".csv"):
        write_journey_csv(app, path)
    else:
        write_ocel(app, path)
    return path


# --- (a) instants outside years 1 to 9999 in UTC -------------------------------------------


@pytest.mark.parametrize("moment", [LATE, EARLY])
def test_journey_start_refuses_an_instant_outside_the_utc_range(moment: str) -> None:
    with pytest.raises(InvalidValueError, match="out of range") as raised:
        Journey.start(
            citizen="c",
            trigger="death",
            nation="england",
            occurred_at=datetime.fromisoformat(moment),
        )
    assert datetime.fromisoformat(moment).isoformat() in str(raised.value)


def test_a_command_refuses_an_instant_outside_the_utc_range() -> None:
    start = datetime(9999, 12, 30, tzinfo=UTC)
    journey = Journey.start(citizen="c", trigger="death", nation="england", occurred_at=start)
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(-timedelta(hours=5)))
    with pytest.raises(InvalidValueError, match="out of range"):
        journey.open_case("registrar", "death-registration", occurred_at=late)


def _replace_first_time(path: Path, moment: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2025-05-01T09:00:00+00:00", moment, 1), encoding="utf-8")


@pytest.mark.parametrize("moment", [LATE, EARLY])
@pytest.mark.parametrize("kind", ["activity-csv", "journey-csv", "xes", "ocel"])
def test_every_importer_refuses_an_instant_outside_the_utc_range(
    tmp_path: Path, kind: str, moment: str
) -> None:
    line: int | None = 2
    if kind == "activity-csv":
        log = write_text(tmp_path / "log.csv", f"{ACTIVITY_HEADER}A,Visit,{moment},Front desk\n")
    elif kind == "journey-csv":
        log = exported(tmp_path, "log.csv")
        _replace_first_time(log, moment)
    elif kind == "xes":
        log = xes_log(tmp_path / "log.xes", moment)
        line = 4
    else:
        log = exported(tmp_path, "log.jsonocel")
        _replace_first_time(log, moment)
        line = None
    with JourneyApp() as app, pytest.raises(EventLogError, match="out of range") as raised:
        import_log(app, log)
    assert raised.value.source == str(log)
    assert raised.value.line == line
    assert raised.value.value == moment
    assert moment in str(raised.value)


def test_cli_import_reports_an_out_of_range_instant_on_one_line(tmp_path: Path) -> None:
    log = write_text(tmp_path / "log.csv", f"{ACTIVITY_HEADER}A,Visit,{LATE},Front desk\n")
    code, output = run("import", str(log), "--db", str(tmp_path / "j.db"), "--quiet")
    assert code == 1
    assert output.startswith(f"Error: {log}, line 2: ")
    assert LATE in output


# --- (c) control characters in names ------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"])
def test_journey_commands_refuse_control_characters(character: str) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    journey = Journey.start(citizen="c", trigger="death", nation="england", occurred_at=start)
    with pytest.raises(InvalidValueError, match="control characters"):
        journey.touchpoint("registrar", f"Vi{character}sit", occurred_at=start)
    with pytest.raises(InvalidValueError, match="control characters"):
        Journey.start(
            citizen=f"c{character}d", trigger="death", nation="england", occurred_at=start
        )


def test_tabs_and_line_breaks_inside_a_name_are_kept() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    trigger = "a\tb\nc\r\nd"
    journey = Journey.start(citizen="c", trigger=trigger, nation="england", occurred_at=start)
    assert journey.trigger == trigger


@pytest.mark.parametrize("kind", ["activity-csv", "xes"])
def test_importers_refuse_control_characters_naming_file_line_and_value(
    tmp_path: Path, kind: str
) -> None:
    if kind == "xes":
        # XML refuses ESC itself; DEL and the C1 controls are well-formed XML 1.0.
        log = xes_log(tmp_path / "log.xes", "2025-03-01T09:00:00+00:00", "Visit&#127;[2J")
        line, value = 4, "'Visit\\x7f[2J'"
    else:
        log = write_text(
            tmp_path / "log.csv",
            f"{ACTIVITY_HEADER}A,Visit\x1b[2J,2025-03-01T09:00:00,Front desk\n",
        )
        line, value = 2, "'Visit\\x1b[2J'"
    database = tmp_path / "j.db"
    code, output = run("import", str(log), "--db", str(database), "--quiet")
    assert code == 1
    assert output.startswith(f"Error: {log}, line {line}: ")
    assert "control characters" in output
    assert value in output


def test_a_failed_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "j.db"
    with JourneyApp.sqlite(database) as app:
        app.save(*sample_journeys())
    target = tmp_path / "out.xes"

    def broken(app: JourneyApp, path: Path) -> int:
        Path(path).write_text("<log>half", encoding="utf-8")
        raise EventLogError("the writer failed", source=path)

    monkeypatch.setattr("journeys.cli.exporting.write_xes", broken)
    code, output = run("export", "--db", str(database), "--xes", str(target))
    assert code == 1, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]


def test_an_xes_export_of_an_older_store_with_a_nul_in_a_name_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "j.db"
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with monkeypatch.context() as unchecked, JourneyApp.sqlite(database) as app:
        unchecked.setattr("journeys.journey_commands.text", lambda name, value: value)
        journey = Journey.start(citizen="c", trigger="death", nation="england", occurred_at=start)
        journey.touchpoint("dwp", "Vi\x00sit", occurred_at=start)
        app.save(journey)
    target = tmp_path / "out.xes"
    code, output = run("export", "--db", str(database), "--xes", str(target))
    assert code == 1
    assert output.startswith(f"Error: {target}: cannot write XES: ")
    assert not target.exists()


def test_an_export_replaces_its_file_whole(tmp_path: Path) -> None:
    database = tmp_path / "j.db"
    with JourneyApp.sqlite(database) as app:
        app.save(*sample_journeys())
    ocel, xes = tmp_path / "out.jsonocel", tmp_path / "out.xes.gz"
    ocel.write_text("old", encoding="utf-8")
    code, output = run("export", "--db", str(database), "--ocel", str(ocel), "--xes", str(xes))
    assert code == 0, output
    assert json.loads(ocel.read_text(encoding="utf-8"))["events"]
    assert xes.read_bytes()[:2] == b"\x1f\x8b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db", "out.jsonocel", "out.xes.gz"]


# --- (e) the line of a byte that is not UTF-8 ----------------------------------------------


@pytest.mark.parametrize("bad_line", [2, 5, 40, 3000])
def test_the_line_of_bad_utf8_is_exact(tmp_path: Path, bad_line: int) -> None:
    rows = [f"A,Visit {n},2025-03-01T09:00:00,Front desk\n".encode() for n in range(2, 4000)]
    rows[bad_line - 2] = b"A,Visit \xff,2025-03-01T09:00:00,Front desk\n"
    log = tmp_path / "log.csv"
    log.write_bytes(ACTIVITY_HEADER.encode() + b"".join(rows))
    with JourneyApp() as app, pytest.raises(EventLogError, match="not UTF-8") as raised:
        import_log(app, log)
    assert raised.value.line == bad_line


def test_the_line_of_bad_utf8_counts_quoted_newlines_and_carriage_returns(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(
        ACTIVITY_HEADER.encode()
        + b'A,"Visit\r\nagain",2025-03-01T09:00:00,Front desk\r\n'
        + b"A,Visit,2025-03-01T09:00:00,Front desk\r"
        + b"A,Visit \xc3,2025-03-01T09:00:00,Front desk\n"
    )
    with JourneyApp() as app, pytest.raises(EventLogError, match="not UTF-8") as raised:
        import_log(app, log)
    assert raised.value.line == 5


# --- (b) a store locked by another writer, an app used after close() -----------------------

LOCKED = "the store is locked by another writer: try again when it has finished"
CLOSED = "this app was closed: open the store again"


@pytest.fixture
def quick_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait one second, not eventsourcing's default, for a locked SQLite store."""
    monkeypatch.setenv("SQLITE_LOCK_TIMEOUT", "1")


@contextmanager
def locked(database: Path) -> Iterator[None]:
    """``database`` locked by another writer for the ``with`` block."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def stored(database: Path) -> Path:
    with JourneyApp.sqlite(database) as app:
        app.save(*sample_journeys()[:2])
    return database


@pytest.mark.usefixtures("quick_locks")
def test_opening_a_locked_store_is_a_store_error(tmp_path: Path) -> None:
    database = tmp_path / "j.db"
    with sqlite3.connect(database) as other:
        other.execute("CREATE TABLE another_writers (n INTEGER)")
    with locked(database), pytest.raises(StoreError, match=LOCKED):
        JourneyApp.sqlite(database)


@pytest.mark.usefixtures("quick_locks")
def test_saving_to_and_tracking_a_locked_store_are_store_errors(tmp_path: Path) -> None:
    database = stored(tmp_path / "j.db")
    with JourneyApp.sqlite(database) as app:
        tracker = GapTracker(app)
        with locked(database):
            with pytest.raises(StoreError, match=LOCKED):
                app.save(*sample_journeys()[2:])
            with pytest.raises(StoreError, match=LOCKED):
                tracker.catch_up()
        assert tracker.catch_up() > 0


@pytest.mark.usefixtures("quick_locks")
def test_a_tracker_opened_on_a_locked_store_is_a_store_error(tmp_path: Path) -> None:
    database = stored(tmp_path / "j.db")
    with (
        JourneyApp.sqlite(database) as app,
        locked(database),
        pytest.raises(StoreError, match=LOCKED),
    ):
        GapTracker(app).catch_up()


@pytest.mark.usefixtures("quick_locks")
def test_cli_analyse_track_on_a_locked_store_says_what_to_do(tmp_path: Path) -> None:
    database = stored(tmp_path / "j.db")
    with locked(database):
        code, output = run("analyse", "--db", str(database), "--track")
    assert code == 1
    assert output.startswith("Error: ")
    assert LOCKED in output


CALLS_AFTER_CLOSE = (
    "save",
    "get_journey",
    "has_journey",
    "journey_events",
    "read_events",
    "journey_ids",
    "max_position",
    "catch_up",
)


@pytest.mark.parametrize("call", CALLS_AFTER_CLOSE)
def test_every_call_after_close_is_a_store_error(tmp_path: Path, call: str) -> None:
    database = stored(tmp_path / "j.db")
    app = JourneyApp.sqlite(database)
    journey_id = sample_journeys()[0].id
    app.close()
    calls = {
        "save": lambda: app.save(*sample_journeys()[2:]),
        "get_journey": lambda: app.get_journey(journey_id),
        "has_journey": lambda: app.has_journey(journey_id),
        "journey_events": lambda: app.journey_events(journey_id),
        "read_events": lambda: list(app.read_events()),
        "journey_ids": lambda: list(app.journey_ids()),
        "max_position": app.max_position,
        "catch_up": lambda: GapTracker(app).catch_up(),
    }
    with pytest.raises(StoreError, match=CLOSED):
        calls[call]()


# --- (d) a refused import records no bodies ------------------------------------


@pytest.mark.usefixtures("quick_locks")
def test_an_import_refused_by_a_locked_store_records_no_bodies(tmp_path: Path) -> None:
    database = stored(tmp_path / "j.db")
    log = write_text(
        tmp_path / "log.csv", f"{ACTIVITY_HEADER}A,Visit,2025-03-01T09:00:00,Front desk\n"
    )
    with locked(database):
        code, output = run("import", str(log), "--db", str(database), "--quiet")
    assert code == 1
    assert LOCKED in output
    with JourneyApp.sqlite(database) as app:
        assert "Front desk" not in app.stored_bodies
    code, output = run("import", str(log), "--db", str(database), "--quiet")
    assert code == 0, output
    with JourneyApp.sqlite(database) as app:
        assert "Front desk" in app.stored_bodies
