"""Import limits for every format, and long journeys saved in bounded transactions.

:class:`~journeys.interop.import_limits.ImportLimits` bounds what one case, field
or value may hold, in CSV and OCEL 2.0 logs as in XES: a log past a limit is
refused with an :class:`~journeys.errors.EventLogError` naming the file, the
position, the limit and how to raise it, and nothing is stored. A journey longer
than one transaction's worth of events is saved in slices; an import killed
between two slices and run again stores the rest, each event once.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from journeys import JourneyApp
from journeys.cli import main
from journeys.errors import EventLogError
from journeys.interop import ImportLimits, XesLimits, import_log
from journeys.interop import import_saving as importer_module
from journeys.interop.importer import LogFormat
from journeys.privacy import CIPHER_KEY_ENV, CITIZEN_KEYS_ENV, new_cipher_key
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, kill_import_once_saving, stored_contents, write_text
from tests.test_ocel2_import import _write, ocel2_loaders

ACTIVITY_HEADER = "case:concept:name,concept:name,time:timestamp"
JOURNEY_HEADER = "journey,occurred_at,event,body,activity,citizen,trigger,nation"


def activity_csv(path: Path, cases: dict[str, int]) -> Path:
    """An activity CSV with ``cases[case]`` events for each case, one a minute."""
    lines = [ACTIVITY_HEADER]
    for case, count in cases.items():
        for minute in range(count):
            at = f"2025-03-01T{9 + minute // 60 % 12:02d}:{minute % 60:02d}:00+00:00"
            lines.append(f"{case},Step {minute % 7},{at}")
    return write_text(path, "\n".join(lines) + "\n")


def journey_csv(path: Path, touchpoints: int) -> Path:
    """A journey-events CSV of one journey: started, then ``touchpoints`` touchpoints."""
    lines = [JOURNEY_HEADER, "k,2025-03-01T09:00:00+00:00,started,,,cit-1,claim,england"]
    for minute in range(1, touchpoints + 1):
        at = f"2025-03-01T{9 + minute // 60:02d}:{minute % 60:02d}:00+00:00"
        lines.append(f"k,{at},touchpoint,dwp,Check {minute},,,")
    return write_text(path, "\n".join(lines) + "\n")


def xes(path: Path, events: int) -> Path:
    event = (
        '<event><string key="concept:name" value="Apply"/>'
        '<date key="time:timestamp" value="2025-03-01T09:00:00+00:00"/></event>'
    )
    return write_text(
        path,
        '<log xmlns="http://www.xes-standard.org/"><trace>'
        '<string key="concept:name" value="c1"/>' + event * events + "</trace></log>",
    )


def refused(path: Path, name: str, limits: ImportLimits, **options: Any) -> EventLogError:
    """The error refusing ``path`` for limit ``name``; the store is left empty."""
    with JourneyApp.in_memory() as app:
        with pytest.raises(EventLogError) as caught:
            import_log(app, path, limits=limits, **options)
        assert app.max_position() == 0
    error = caught.value
    message = str(error)
    assert path.name in message
    assert f"ImportLimits.{name}" in message
    assert f"limits=ImportLimits({name}=...)" in message
    assert error.value == getattr(limits, name)
    return error


# --- CSV ---------------------------------------------------------------------------------


def test_an_activity_csv_case_past_events_per_case_is_refused(tmp_path: Path) -> None:
    log = activity_csv(tmp_path / "long.csv", {"c1": 3, "c2": 6})
    error = refused(log, "events_per_case", ImportLimits(events_per_case=5))
    assert "case 'c2': too many events" in str(error)
    assert error.line is not None
    assert error.line > 4
    assert "--max-events-per-case" in str(error)
    with JourneyApp.in_memory() as app:
        assert import_log(app, log, limits=ImportLimits(events_per_case=6)).journeys == 2


def test_a_journey_csv_journey_past_events_per_case_is_refused(tmp_path: Path) -> None:
    log = journey_csv(tmp_path / "journeys.csv", 4)
    error = refused(log, "events_per_case", ImportLimits(events_per_case=4))
    assert "case 'k': too many events" in str(error)
    with JourneyApp.in_memory() as app:
        assert import_log(app, log, limits=ImportLimits(events_per_case=5)).events == 5


@pytest.mark.parametrize("kind", ["activity", "journey"])
def test_a_csv_field_past_value_size_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "activity":
        log = write_text(
            tmp_path / "field.csv",
            f"{ACTIVITY_HEADER}\nc1,Apply,2025-03-01T09:00:00Z\nc1,{'x' * 50},2025-03-01T10:00Z\n",
        )
    else:
        log = journey_csv(tmp_path / "field.csv", 1)
        log.write_text(log.read_text().replace("Check 1", "y" * 50))
    error = refused(log, "value_size", ImportLimits(value_size=40))
    assert error.line == 3
    assert "too long" in str(error)
    assert "--max-value-size" in str(error)


def test_a_csv_header_past_value_size_is_refused(tmp_path: Path) -> None:
    log = write_text(tmp_path / "header.csv", f"{ACTIVITY_HEADER},{'h' * 50}\n")
    assert refused(log, "value_size", ImportLimits(value_size=40)).line == 1


def test_fields_past_pythons_csv_default_import_within_the_default_value_size(
    tmp_path: Path,
) -> None:
    """Python's csv module refuses fields over 128 KiB by default: the limit that
    applies is ``value_size`` (1 MiB), and past it the error names it."""
    long_name = "A" * 200_000
    log = write_text(
        tmp_path / "wide.csv", f"{ACTIVITY_HEADER}\nc1,{long_name},2025-03-01T09:00:00Z\n"
    )
    with JourneyApp.in_memory() as app:
        assert import_log(app, log).journeys == 1
    huge = write_text(
        tmp_path / "huge.csv",
        f"{ACTIVITY_HEADER}\nc1,{'B' * (ImportLimits().value_size + 1)},2025-03-01T09:00:00Z\n",
    )
    refused(huge, "value_size", ImportLimits())


def test_a_csv_line_too_long_to_hold_is_refused_before_it_is_held(tmp_path: Path) -> None:
    """The csv module reads a whole line before splitting it: a line longer than
    its columns' fields could be at ``value_size`` is refused as it is read."""
    log = write_text(
        tmp_path / "line.csv", f"{ACTIVITY_HEADER}\nc1,{'z' * 10_000},2025-03-01T09:00Z\n"
    )
    error = refused(log, "value_size", ImportLimits(value_size=100))
    assert error.line == 2
    assert "a field is too long" in str(error)


def test_a_csv_case_past_bytes_per_case_is_refused(tmp_path: Path) -> None:
    log = activity_csv(tmp_path / "text.csv", {"c1": 40})
    error = refused(log, "bytes_per_case", ImportLimits(bytes_per_case=500))
    assert "too much text" in str(error)


# --- OCEL 2.0 ----------------------------------------------------------------------------


@pytest.mark.parametrize("loader", ocel2_loaders(), ids=lambda loader: loader.name)
def test_an_ocel_journey_object_past_events_per_case_is_refused(loader: Any) -> None:
    path = _write(loader)
    error = refused(
        path, "events_per_case", ImportLimits(events_per_case=1), journey_object_type="claim"
    )
    assert "claim object 'c1' has too many events" in str(error)
    with JourneyApp.in_memory() as app:
        limits = ImportLimits(events_per_case=2)
        assert import_log(app, path, limits=limits, journey_object_type="claim").journeys == 1


@pytest.mark.parametrize("loader", ocel2_loaders(), ids=lambda loader: loader.name)
def test_an_ocel_value_past_value_size_is_refused(loader: Any) -> None:
    # "jobcentre" (the resource of e1) has 9 characters; "Send letter" (a type) 11.
    path = _write(loader)
    error = refused(path, "value_size", ImportLimits(value_size=8), journey_object_type="claim")
    assert "too long" in str(error)
    with JourneyApp.in_memory() as app:
        limits = ImportLimits(value_size=11)
        assert import_log(app, path, limits=limits, journey_object_type="claim").journeys == 1


# --- XES, and the API -------------------------------------------------------------------


def test_xes_read_by_import_log_names_the_import_limit(tmp_path: Path) -> None:
    log = xes(tmp_path / "three.xes", 3)
    error = refused(log, "events_per_case", ImportLimits(events_per_case=2))
    assert "trace 1: too many events" in str(error)
    with JourneyApp.in_memory() as app:
        assert import_log(app, log, limits=ImportLimits(events_per_case=3)).journeys == 1


def test_xes_limits_still_apply_and_convert(tmp_path: Path) -> None:
    log = xes(tmp_path / "three.xes", 3)
    with JourneyApp.in_memory() as app, pytest.raises(EventLogError, match="XesLimits"):
        import_log(app, log, xes_limits=XesLimits(events_per_trace=2))
    with pytest.raises(ValueError, match="not both"):
        import_log(JourneyApp.in_memory(), log, limits=ImportLimits(), xes_limits=XesLimits())
    converted = ImportLimits.from_xes(XesLimits(events_per_trace=7, markup_size=9))
    assert (converted.events_per_case, converted.markup_size) == (7, 9)
    assert ImportLimits().events_per_case == XesLimits().events_per_trace
    with pytest.raises(ValueError, match=r"ImportLimits\.value_size must be at least 1"):
        ImportLimits(value_size=0)


def test_the_cli_raises_the_limits(tmp_path: Path) -> None:
    log = activity_csv(tmp_path / "long.csv", {"c1": 6})
    runner = CliRunner()
    db = str(tmp_path / "store.db")
    result = runner.invoke(main, ["import", str(log), "--db", db, "--max-events-per-case", "5"])
    assert result.exit_code != 0
    assert "--max-events-per-case" in result.output
    result = runner.invoke(main, ["import", str(log), "--db", db, "--max-events-per-case", "6"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main, ["import", str(log), "--db", db, "--max-value-size", "3", "--quiet"]
    )
    assert "value_size" in result.output


@pytest.mark.parametrize(
    "name",
    [
        "08_receipt.xes.gz",
        "12_roadtraffic_1t_per_variant.xes.gz",
        "roadtraffic100traces.xes",
        "ocel20_example.jsonocel",
        "ocel20_example.xmlocel",
        "ocel20_example.sqlite",
    ],
)
def test_the_defaults_let_real_logs_in(name: str) -> None:
    log = shared_data(f"{EVENTLOGS}/{name}")
    options: dict[str, Any] = {}
    if name.startswith("ocel"):
        options["journey_object_type"] = "Purchase Order"
    with JourneyApp.in_memory() as app:
        report = import_log(app, log, limits=ImportLimits(), **options)
    assert report.journeys > 0


# --- long journeys: bounded transactions, resumable -----------------------------------


def test_a_long_journey_is_saved_in_slices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = activity_csv(tmp_path / "mixed.csv", {"short-1": 3, "long": 95, "short-2": 4})
    with JourneyApp.sqlite(tmp_path / "clean.db") as clean:
        import_log(clean, log)
        expected = stored_contents(clean)
    monkeypatch.setattr(importer_module, "EVENTS_PER_TRANSACTION", 20)
    with JourneyApp.sqlite(tmp_path / "sliced.db") as app:
        sizes = spy_on_saves(app, monkeypatch)
        report = import_log(app, log)
        assert stored_contents(app) == expected
    assert max(sizes) <= 20
    long_events = 95 + 2  # its activities, started and ended
    assert sizes.count(20) == long_events // 20
    assert report.events == sum(sizes)
    assert (report.imported, report.skipped) == (3, 0)


def spy_on_saves(app: JourneyApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the journey events each ``app.save`` saves."""
    sizes: list[int] = []
    save = app.save

    def spy(*objs: Any, **kwargs: Any) -> Any:
        sizes.append(sum(len(journey.pending_events) for journey in objs))
        return save(*objs, **kwargs)

    monkeypatch.setattr(app, "save", spy)
    return sizes


@pytest.mark.parametrize("protected", [False, True], ids=["plain", "encrypted+citizen-keys"])
def test_a_journey_stored_in_part_gets_the_rest_appended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, protected: bool
) -> None:
    if protected:
        monkeypatch.setenv(CIPHER_KEY_ENV, new_cipher_key())
        monkeypatch.setenv(CITIZEN_KEYS_ENV, "true")
    log = activity_csv(tmp_path / "long.csv", {"long": 58})
    with JourneyApp.sqlite(tmp_path / "clean.db") as clean:
        import_log(clean, log)
        expected = stored_contents(clean)
    monkeypatch.setattr(importer_module, "EVENTS_PER_TRANSACTION", 10)
    database = tmp_path / "interrupted.db"
    with JourneyApp.sqlite(database) as app:
        save, calls = app.save, []

        def interrupted(*objs: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 3:
                raise KeyboardInterrupt
            return save(*objs, **kwargs)

        monkeypatch.setattr(app, "save", interrupted)
        with pytest.raises(KeyboardInterrupt):
            import_log(app, log)
    with JourneyApp.sqlite(database) as app:
        assert sum(1 for _ in app.read_events()) == 20
        report = import_log(app, log)
        assert (report.imported, report.skipped, report.events) == (1, 0, 60 - 20)
        assert stored_contents(app) == expected
        again = import_log(app, log)
        assert (again.imported, again.skipped, again.events) == (0, 1, 0)


def test_a_journey_stored_in_part_from_another_log_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events are appended only after a stored prefix that is the log's own."""
    monkeypatch.setattr(importer_module, "EVENTS_PER_TRANSACTION", 10)
    (tmp_path / "a").mkdir()
    first = activity_csv(tmp_path / "a" / "log.csv", {"long": 30})
    with JourneyApp.sqlite(tmp_path / "store.db") as app:
        save, calls = app.save, []

        def interrupted(*objs: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return save(*objs, **kwargs)

        monkeypatch.setattr(app, "save", interrupted)
        with pytest.raises(KeyboardInterrupt):
            import_log(app, first)
    (tmp_path / "b").mkdir()
    other = write_text(
        tmp_path / "b" / "log.csv",
        first.read_text().replace("Step 3", "Another step"),
    )
    with JourneyApp.sqlite(tmp_path / "store.db") as app:
        report = import_log(app, other)
        assert (report.imported, report.skipped, report.events) == (0, 1, 0)
        assert sum(1 for _ in app.read_events()) == 10


KILLED_IMPORT = textwrap.dedent(
    """
    import sys
    from journeys import JourneyApp
    from journeys.interop import import_log, import_saving

    import_saving.EVENTS_PER_TRANSACTION = 200
    with JourneyApp.sqlite(sys.argv[1]) as app:
        import_log(app, sys.argv[2])
    """
)


def test_a_long_journey_killed_between_slices_is_stored_once_when_rerun(tmp_path: Path) -> None:
    events = 12_000
    log = activity_csv(tmp_path / "one-long-case.csv", {"long": events})
    database = tmp_path / "killed.db"
    kill_import_once_saving(KILLED_IMPORT, database, log, seconds=120)

    total = events + 2  # started and ended
    with JourneyApp.sqlite(database) as app:
        partial = sum(1 for _ in app.read_events())
        assert 0 < partial < total, "the kill came too late to interrupt the journey"
        rerun = import_log(app, log)
        assert (rerun.imported, rerun.skipped) == (1, 0)
        assert rerun.events == total - partial
        resumed = stored_contents(app)
        assert len(app.life("one-long-case.csv:long")) == 1
    with JourneyApp.sqlite(tmp_path / "clean.db") as clean:
        import_log(clean, log, format=LogFormat.ACTIVITY_CSV)
        assert resumed == stored_contents(clean)
    (journey_events,) = resumed.values()
    assert len(journey_events) == total
