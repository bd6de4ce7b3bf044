"""Two processes appending to the same journey: one conflict, a retry, nothing lost or doubled."""

from __future__ import annotations

import multiprocessing
import sqlite3
from multiprocessing.synchronize import Barrier
from typing import Any
from uuid import UUID

import pytest

from journeys import Journey, JourneyApp
from journeys.application import retry_on_conflict
from journeys.errors import ConflictError, StoreError
from tests.helpers import T0

WRITERS = ("writer-a", "writer-b")

# Forked, for speed: the test holds no open store when it starts the writers, and
# each writer opens its own connections (forked children exit without closing ours).
PROCESSES = multiprocessing.get_context("fork")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_env(request: pytest.FixtureRequest, tmp_path: Any) -> dict[str, str]:
    """A store two processes can open: an SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "journeys.db"),
        }
    env: dict[str, str] = request.getfixturevalue("postgres_env")
    return env


def started_journey(env: dict[str, str]) -> UUID:
    with JourneyApp(env) as app:
        journey_id = app.start_journey(
            citizen="cit-concurrent", trigger="death", nation="wales", occurred_at=T0
        )
        app.open_case(journey_id, "dwp", "bereavement-support", occurred_at=T0)
    return journey_id


def race_once(
    env: dict[str, str], journey_id: UUID, name: str, barrier: Barrier, outcomes: Any
) -> None:
    """Load the journey, wait until the other writer has loaded it too, then save."""
    with JourneyApp(env) as app:
        journey = app.get_journey(journey_id)
        journey.touchpoint("dwp", name, occurred_at=T0)
        barrier.wait(timeout=60)
        try:
            app.save(journey)
            outcomes.put((name, "saved"))
        except ConflictError:
            retry_on_conflict(
                lambda: app.touchpoint(journey_id, "dwp", f"{name} (retried)", occurred_at=T0)
            )
            outcomes.put((name, "conflict"))


def append_many(
    env: dict[str, str], journey_id: UUID, name: str, count: int, barrier: Barrier
) -> None:
    """Append ``count`` touchpoints, each retried on conflict, as fast as possible."""
    with JourneyApp(env) as app:
        barrier.wait(timeout=60)
        for number in range(count):
            retry_on_conflict(
                lambda n=number: app.touchpoint(journey_id, "dwp", f"{name} {n}", occurred_at=T0),
                attempts=1000,
            )


def replayed_activities(env: dict[str, str], journey_id: UUID) -> list[str]:
    """The journey's touchpoints, read back, after checking its versions run 1..n."""
    with JourneyApp(env) as app:
        events = app.journey_events(journey_id)
        assert [event.originator_version for event in events] == list(range(1, len(events) + 1))
        assert app.get_journey(journey_id).version == len(events)
    return [event.activity for event in events if isinstance(event, Journey.Touchpoint)]


def test_one_writer_gets_a_conflict_and_its_retry_succeeds(shared_env: dict[str, str]) -> None:
    journey_id = started_journey(shared_env)
    barrier = PROCESSES.Barrier(2)
    outcomes = PROCESSES.Queue()
    processes = [
        PROCESSES.Process(target=race_once, args=(shared_env, journey_id, name, barrier, outcomes))
        for name in WRITERS
    ]
    for process in processes:
        process.start()
    results = dict(outcomes.get(timeout=120) for _ in WRITERS)
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert sorted(results.values()) == ["conflict", "saved"]
    (winner,) = [name for name, outcome in results.items() if outcome == "saved"]
    (loser,) = [name for name, outcome in results.items() if outcome == "conflict"]
    # The loser's first attempt left nothing behind; its retry is stored once, after.
    assert replayed_activities(shared_env, journey_id) == [winner, f"{loser} (retried)"]


def test_sustained_contention_loses_and_doubles_nothing(shared_env: dict[str, str]) -> None:
    count = 15
    journey_id = started_journey(shared_env)
    barrier = PROCESSES.Barrier(2)
    processes = [
        PROCESSES.Process(target=append_many, args=(shared_env, journey_id, name, count, barrier))
        for name in WRITERS
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    activities = replayed_activities(shared_env, journey_id)
    assert len(activities) == 2 * count
    for name in WRITERS:
        # Each writer's touchpoints are all there, once each, in the order it wrote them.
        assert [a for a in activities if a.startswith(name)] == [
            f"{name} {n}" for n in range(count)
        ]


def open_repeatedly(env: dict[str, str], times: int, barrier: Barrier) -> None:
    barrier.wait(timeout=60)
    for _ in range(times):
        JourneyApp(env).close()


@pytest.mark.postgres
def test_processes_opening_one_postgres_store_together_all_succeed(
    postgres_env: dict[str, str],
) -> None:
    # Regression: opening runs CREATE OR REPLACE FUNCTION, which PostgreSQL refuses to
    # run twice at once ("tuple concurrently updated"); the second opener failed.
    JourneyApp(postgres_env).close()
    barrier = PROCESSES.Barrier(3)
    processes = [
        PROCESSES.Process(target=open_repeatedly, args=(postgres_env, 8, barrier)) for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0


def test_a_writer_locked_out_of_sqlite_gets_a_store_error_and_records_nothing(
    tmp_path: Any,
) -> None:
    database = tmp_path / "journeys.db"
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(database),
        "SQLITE_LOCK_TIMEOUT": "1",
    }
    journey_id = started_journey(env)
    with JourneyApp(env) as app:
        position = app.max_position()
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            with pytest.raises(StoreError, match="locked"):
                app.touchpoint(journey_id, "dwp", "call", occurred_at=T0)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert app.max_position() == position
        app.touchpoint(journey_id, "dwp", "call", occurred_at=T0)  # free again
        assert app.max_position() == position + 1


def test_retry_on_conflict_gives_up_after_its_attempts() -> None:
    calls: list[int] = []

    def always_conflicts() -> None:
        calls.append(1)
        raise ConflictError("another writer")

    with pytest.raises(ConflictError):
        retry_on_conflict(always_conflicts, attempts=3)
    assert len(calls) == 3
    assert retry_on_conflict(lambda: "done") == "done"
