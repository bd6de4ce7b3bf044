"""A tracked projection learns of erasures by itself: it is rebuilt without the citizen."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import GapTracker, JourneyApp, analyse, journey_id
from journeys.analysis import Analysis
from journeys.cli import main
from journeys.privacy import CITIZEN_KEYS_ENV
from tests.privacy_data import citizen, population

CAROLS = [journey_id("privacy-tests", f"carol-{number}") for number in (1, 2)]


@pytest.fixture
def keyed_env(store_env: dict[str, str]) -> dict[str, str]:
    """Each store (memory, SQLite, PostgreSQL) with citizen keys."""
    return {**store_env, CITIZEN_KEYS_ENV: "true"}


def _tracked_sqlite_store(folder: Path) -> Path:
    """An SQLite store with citizen keys holding the population, its projection caught up."""
    database = folder / "journeys.db"
    with JourneyApp.sqlite(database, citizen_keys=True) as app:
        app.save(*population())
        tracker = GapTracker(app)
        tracker.catch_up()
        tracker.close()
    return database


def _names_no_erased_journey(analysis: Analysis) -> bool:
    return all(finding.journey not in CAROLS for finding in analysis.findings)


def test_catching_up_after_an_erasure_rebuilds_the_projection(keyed_env: dict[str, str]) -> None:
    with JourneyApp(keyed_env) as app:
        app.save(*population())
        tracker = GapTracker(app, page_size=7)
        tracker.catch_up()
        assert not _names_no_erased_journey(tracker.analysis())  # carol is in it before
        assert app.erasures() == 0
        app.erase_citizen(citizen("carol"))
        assert app.erasures() == 1
        tracker.catch_up()
        rebuilt = tracker.analysis()
        assert rebuilt == analyse(app)
        assert _names_no_erased_journey(rebuilt)
        assert rebuilt.findings
        # Once rebuilt, a catch-up goes on from where it stopped.
        assert tracker.catch_up() == 0
        tracker.close()


def test_the_analysis_of_a_stale_projection_is_rebuilt_before_it_answers(
    keyed_env: dict[str, str],
) -> None:
    with JourneyApp(keyed_env) as app:
        app.save(*population())
        tracker = GapTracker(app)
        tracker.catch_up()
        app.erase_citizen(citizen("carol"))
        analysis = tracker.analysis()
        assert analysis == analyse(app)
        assert _names_no_erased_journey(analysis)
        tracker.close()


def test_an_erasure_by_another_app_is_noticed_by_a_tracker_opened_later(tmp_path: Path) -> None:
    database = _tracked_sqlite_store(tmp_path)
    with JourneyApp.sqlite(database) as other:
        other.erase_citizen(citizen("carol"))
    with JourneyApp.sqlite(database) as app:
        tracker = GapTracker(app)
        tracker.catch_up()
        analysis = tracker.analysis()
        assert analysis == analyse(app)
        assert _names_no_erased_journey(analysis)
        tracker.close()


def test_the_cli_tracked_analysis_after_an_erasure_names_no_erased_journey(
    tmp_path: Path,
) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database, citizen_keys=True) as app:
        app.save(*population())
    runner = CliRunner()
    before = tmp_path / "before.json"
    after = tmp_path / "after.json"
    args = ["analyse", "--db", str(database), "--track", "--json"]
    result = runner.invoke(main, [*args, str(before)])
    assert result.exit_code == 0, result.output
    assert str(CAROLS[0]) in before.read_text()
    with JourneyApp.sqlite(database) as app:
        app.erase_citizen(citizen("carol"))
        expected = analyse(app)
    result = runner.invoke(main, [*args, str(after)])
    assert result.exit_code == 0, result.output
    text = after.read_text()
    assert all(str(journey) not in text for journey in CAROLS)
    assert len(json.loads(text)["findings"]) == len(expected.findings)


def test_erasing_a_citizen_never_recorded_changes_no_generation(keyed_env: dict[str, str]) -> None:
    with JourneyApp(keyed_env) as app:
        app.save(*population())
        assert app.erase_citizen(citizen("dave")) == 0
        assert app.erasures() == 0
        app.erase_citizen(citizen("carol"))
        app.erase_citizen(citizen("carol"))
        assert app.erasures() == 1


def test_a_view_built_before_generations_were_recorded_counts_as_generation_zero(
    tmp_path: Path,
) -> None:
    database = _tracked_sqlite_store(tmp_path)
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM gaps_counters WHERE name LIKE 'erasures:%'")
    with JourneyApp.sqlite(database) as app:
        app.erase_citizen(citizen("carol"))
        tracker = GapTracker(app)
        tracker.catch_up()
        assert tracker.analysis() == analyse(app)
        assert _names_no_erased_journey(tracker.analysis())
        tracker.close()


def test_following_live_rebuilds_after_an_erasure(keyed_env: dict[str, str]) -> None:
    with JourneyApp(keyed_env) as app:
        tracker = GapTracker(app, page_size=5)
        stop = threading.Event()
        follower = threading.Thread(
            target=tracker.follow, args=(stop,), kwargs={"poll_interval": 0.02}
        )
        follower.start()
        try:
            app.save(*population())
            tracker.view.wait(app.name, app.max_position(), timeout=10)
            app.erase_citizen(citizen("carol"))
            deadline = time.monotonic() + 10
            while tracker.view.erasures() != {1} and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            stop.set()
            follower.join(timeout=10)
        assert not follower.is_alive()
        analysis = tracker.analysis()
        assert analysis == analyse(app)
        assert _names_no_erased_journey(analysis)
        tracker.close()
