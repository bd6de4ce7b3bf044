"""Every error is typed and located (issue 14, part 6).

Out-of-range instants, control characters in names, locked and closed stores,
refused imports and bad UTF-8 each raise a :class:`~journeys.errors.JourneysError`
naming the value (and, for files, the file and the line); the CLI prints it on one
line, without a traceback, and leaves no half-written file behind.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import Journey, JourneyApp
from journeys.cli import main
from journeys.errors import EventLogError, InvalidValueError
from journeys.interop import import_log, write_journey_csv, write_ocel
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
        import_log(app, log, generated_catalogue=tmp_path / "generated.toml")
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


def test_tabs_and_newlines_inside_a_name_are_kept() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    journey = Journey.start(citizen="c", trigger="a\tb\nc", nation="england", occurred_at=start)
    assert journey.trigger == "a\tb\nc"


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
        import_log(app, log, generated_catalogue=tmp_path / "generated.toml")
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
        import_log(app, log, generated_catalogue=tmp_path / "generated.toml")
    assert raised.value.line == 5
