"""The import pipeline: format detection, batches, progress, and kill-and-rerun resumption."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from journeys import JourneyApp
from journeys.errors import EventLogError
from journeys.interop import (
    JOURNEY_CSV_COLUMNS,
    LogFormat,
    detect_format,
    import_log,
    write_journey_csv,
)
from journeys.privacy import CIPHER_KEY_ENV, CITIZEN_KEYS_ENV, new_cipher_key
from tests.interop_data import (
    every_kind_of_event,
    kill_import_once_saving,
    stored_contents,
    write_text,
)


def journeys_csv(path: Path, count: int) -> Path:
    """A journey-events CSV of ``count`` journeys whose rows are interleaved round-robin."""
    histories = [
        every_kind_of_event(f"cit-{n}", offset=n % 50).pending_events for n in range(count)
    ]
    # Each journey's rows stay in order (ties are kept in file order) but no two of its
    # rows are adjacent: the reader must gather every case from the whole file.
    rounds = zip(*histories, strict=True)
    write_journey_csv([event for round_ in rounds for event in round_], path)
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("log.xes", "", LogFormat.XES),
        ("log.XES.gz", "", LogFormat.XES),
        ("log.jsonocel", "", LogFormat.OCEL),
        ("events.csv", ",".join(JOURNEY_CSV_COLUMNS) + "\n", LogFormat.JOURNEY_CSV),
        ("events.csv", "event,journey,occurred_at\n", LogFormat.JOURNEY_CSV),
        (
            "activities.csv",
            "case:concept:name,concept:name,time:timestamp\n",
            LogFormat.ACTIVITY_CSV,
        ),
    ],
)
def test_the_format_is_detected(tmp_path: Path, name: str, text: str, expected: LogFormat) -> None:
    assert detect_format(write_text(tmp_path / name, text)) is expected


def test_an_unknown_extension_asks_for_the_format(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match="give it"):
        detect_format(write_text(tmp_path / "log.txt", ""))


def test_batches_save_whole_journeys(tmp_path: Path) -> None:
    path = journeys_csv(tmp_path / "many.csv", 25)
    with JourneyApp.in_memory() as app:
        report = import_log(app, path, batch_size=4)
        assert (report.journeys, report.imported, report.events) == (25, 25, 25 * 14)
        assert len(list(app.journey_ids())) == 25
        assert len(app.life("cit-3")) == 1
    with pytest.raises(ValueError, match="batch_size"):
        import_log(JourneyApp.in_memory(), path, batch_size=0)


def test_the_progress_bar_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = journeys_csv(tmp_path / "few.csv", 3)
    with JourneyApp.in_memory() as app:
        import_log(app, path, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "events/s" in captured.err


KILLED_IMPORT = textwrap.dedent(
    """
    import sys
    from journeys import JourneyApp
    from journeys.interop import import_log

    with JourneyApp.sqlite(sys.argv[1]) as app:
        import_log(app, sys.argv[2], batch_size=2)
    """
)


@pytest.mark.parametrize("protected", [False, True], ids=["plain", "encrypted+citizen-keys"])
def test_an_import_killed_halfway_and_rerun_stores_every_event_once(
    tmp_path: Path, protected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if protected:
        # The child reads these from its environment, as a deployed importer would;
        # a kill can then also leave citizen keys made for journeys never saved.
        monkeypatch.setenv(CIPHER_KEY_ENV, new_cipher_key())
        monkeypatch.setenv(CITIZEN_KEYS_ENV, "true")
    count = 400
    log = journeys_csv(tmp_path / "population.csv", count)
    database = tmp_path / "killed.db"
    kill_import_once_saving(KILLED_IMPORT, database, log, seconds=60)

    with JourneyApp.sqlite(database) as app:
        partial = len(list(app.journey_ids()))
        assert 0 < partial < count, "the kill came too late to interrupt the import"
        rerun = import_log(app, log)
        assert (rerun.skipped, rerun.imported) == (partial, count - partial)
        resumed = stored_contents(app)
        stored_events = sum(1 for _ in app.read_events())
    with JourneyApp.sqlite(tmp_path / "clean.db") as clean:
        import_log(clean, log)
        assert resumed == stored_contents(clean)
    assert stored_events == count * 14
