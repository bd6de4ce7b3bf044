"""A projection catch-up killed with SIGKILL inside a batch's transaction, then rerun,
ends exactly where a clean run does."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from journeys import GapTracker, JourneyApp, analyse
from tests.interop_data import every_kind_of_event

ROOT = Path(__file__).resolve().parents[1]
JOURNEYS = 250  # 14 events each: 3,500 events
PAGE_SIZE = 50
KILLED_IN_BATCH = 20

# The child catches up in batches of PAGE_SIZE and, in the transaction of batch
# KILLED_IN_BATCH, after writing the view and its tracking position but before the
# commit, says so and waits to be killed.
KILLED_CATCH_UP = textwrap.dedent(
    """
    import json, pathlib, sys, time
    from journeys import GapTracker, JourneyApp

    env, signal_file, page_size, killed_in = json.loads(sys.argv[1])
    tracker = GapTracker(JourneyApp(env), page_size=page_size)
    record_position = tracker.view._insert_tracking
    batches = 0

    def record_then_hang(cursor, tracking):
        global batches
        record_position(cursor, tracking)
        batches += 1
        if batches == killed_in:
            pathlib.Path(signal_file).touch()
            time.sleep(600)

    tracker.view._insert_tracking = record_then_hang
    tracker.catch_up()
    """
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def populated_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """A store holding the population: an SQLite file or a PostgreSQL schema."""
    if request.param == "sqlite":
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "journeys.db"),
        }
    else:
        env = request.getfixturevalue("postgres_env")
    with JourneyApp(env) as app:
        journeys = [every_kind_of_event(f"cit-{n}", offset=n % 40) for n in range(JOURNEYS)]
        for start in range(0, JOURNEYS, 50):
            app.save(*journeys[start : start + 50])
    return env


def kill_inside_a_batch(env: dict[str, str], signal_file: Path) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_CATCH_UP,
            json.dumps([env, str(signal_file), PAGE_SIZE, KILLED_IN_BATCH]),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        deadline = time.monotonic() + 60
        while not signal_file.exists():
            assert child.poll() is None, "the catch-up ended before the kill"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


def test_a_catch_up_killed_mid_batch_resumes_to_the_clean_result(
    populated_env: dict[str, str], tmp_path: Path
) -> None:
    clean_copy = None
    if populated_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        clean_copy = tmp_path / "clean.db"
        shutil.copy(populated_env["SQLITE_DBNAME"], clean_copy)

    kill_inside_a_batch(populated_env, tmp_path / "in-transaction")

    with JourneyApp(populated_env) as app:
        tracker = GapTracker(app, page_size=PAGE_SIZE)
        # The killed batch was rolled back; the ones before it are kept.
        batch_ends = [n for n, _ in app.read_events()][PAGE_SIZE - 1 :: PAGE_SIZE]
        assert tracker.position == batch_ends[KILLED_IN_BATCH - 2]
        resumed = tracker.catch_up()
        assert resumed == JOURNEYS * 14 - (KILLED_IN_BATCH - 1) * PAGE_SIZE
        assert tracker.position == app.max_position()
        result = tracker.analysis()
        assert result == analyse(app)
        assert result.journeys_started == JOURNEYS
        tracker.close()

    if clean_copy is not None:
        with JourneyApp.sqlite(clean_copy) as clean_app:
            clean = GapTracker(clean_app, page_size=PAGE_SIZE)
            clean.catch_up()
            assert result == clean.analysis()
            clean.close()
