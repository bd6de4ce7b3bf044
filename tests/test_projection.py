"""The tracked gap projection on every store: equal to batch, resumable, crash-safe, live."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from eventsourcing.projection import ProjectionRunner

from journeys import JourneyApp
from journeys.analysis import GapProjection, GapTracker, analyse
from journeys.analysis.views.memory import POPOGapView
from tests.conftest import StoreFactory
from tests.helpers import CATALOGUE, at, population


@pytest.fixture
def store(store_env: dict[str, str]) -> dict[str, str]:
    return store_env


def open_app(env: dict[str, str]) -> JourneyApp:
    return JourneyApp(env, catalogue=CATALOGUE)


def test_projection_equals_batch_and_resumes(store_env: dict[str, str]) -> None:
    writer = open_app(store_env)
    journeys = population(6)
    writer.save(*journeys[:3])
    tracker = GapTracker(writer, page_size=4)
    assert tracker.catch_up() == len(list(writer.read_events()))
    writer.save(*journeys[3:])
    if store_env["PERSISTENCE_MODULE"] != "eventsourcing.popo":
        # A restart: new app and tracker instances resume from the stored position.
        tracker.close()
        writer.close()
        writer = open_app(store_env)
        tracker = GapTracker(writer, page_size=4)
    before = tracker.position
    processed = tracker.catch_up()
    assert processed == len(list(writer.read_events(after=before)))
    assert tracker.catch_up() == 0
    for as_of in (None, at(60)):
        assert tracker.analysis(as_of=as_of) == analyse(writer, as_of=as_of)
    assert tracker.analysis().journeys_open == 1
    assert {f.kind.value for f in tracker.analysis(as_of=at(60)).findings} == {
        "handoff_latency",
        "dropped_handoff",
        "rejected_handoff",
        "unheld_time",
        "cold_transfer",
        "reask",
    }
    tracker.close()
    writer.close()


def test_catch_up_reports_each_page_it_processes(store_env: dict[str, str]) -> None:
    app = open_app(store_env)
    app.save(*population(4))
    tracker = GapTracker(app, page_size=10)
    reached: list[int] = []
    processed = tracker.catch_up(on_page=reached.append)
    assert len(reached) == -(-processed // 10)  # one call per page of ten
    assert reached == sorted(reached)
    assert reached[-1] == tracker.position == app.max_position()
    tracker.close()
    app.close()


def test_a_page_delivered_twice_is_counted_once() -> None:
    app = open_app({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.save(*population(4))
    tracker = GapTracker(app)
    page = next(app.read_event_pages(page_size=15))
    tracker.projection.process_page(app.name, page[:10])
    tracker.projection.process_page(app.name, page)  # the first ten again, then five more
    tracker.catch_up()
    assert tracker.analysis() == analyse(app)


def test_a_failed_batch_leaves_view_and_position_unchanged(
    store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(store_env)
    app.save(*population(4))
    tracker = GapTracker(app, page_size=5)
    view = tracker.view
    calls = {"n": 0}
    original = type(view)._insert_tracking

    def failing_insert_tracking(self: object, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(type(view), "_insert_tracking", failing_insert_tracking)
    with pytest.raises(RuntimeError, match="power cut"):
        tracker.catch_up()
    positions = [position for position, _ in app.read_events()]
    assert tracker.position == positions[9]  # two batches of five landed, the third did not
    monkeypatch.undo()
    tracker.catch_up()
    assert tracker.analysis(as_of=at(60)) == analyse(app, as_of=at(60))
    tracker.close()
    app.close()


def test_following_sees_new_events(store_env: dict[str, str]) -> None:
    app = open_app(store_env)
    tracker = GapTracker(app, page_size=3)
    stop = threading.Event()
    follower = threading.Thread(target=tracker.follow, args=(stop,), kwargs={"poll_interval": 0.02})
    follower.start()
    try:
        journeys = population(4)
        for journey in journeys:
            app.save(journey)
        target = app.max_position()
        tracker.view.wait(app.name, target, timeout=10)
    finally:
        stop.set()
        follower.join(timeout=10)
    assert not follower.is_alive()
    assert tracker.analysis() == analyse(app)
    tracker.close()
    app.close()


@pytest.mark.parametrize("store", ["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_projection_runner_follows_live(
    store: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    catalogue_file = tmp_path / "catalogue.toml"
    catalogue_file.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    if store == "memory":
        env = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        view_class: type = POPOGapView
    else:
        from journeys.analysis.views.postgres import PostgresGapView

        env = dict(request.getfixturevalue("postgres_env"))
        view_class = PostgresGapView
    env["JOURNEYS_CATALOGUE"] = str(catalogue_file)
    with ProjectionRunner(
        application_class=JourneyApp, projection_class=GapProjection, view_class=view_class, env=env
    ) as runner:
        app = runner.app
        assert isinstance(app, JourneyApp)
        if store == "postgres":
            # eventsourcing's PostgreSQL subscription starts LISTEN on its own thread;
            # give it a moment so the first write's notification is not missed.
            time.sleep(0.3)
        for journey in population(4):
            app.save(journey)
        runner.wait(app.max_position(), timeout=10)
        projected = runner.projection.analysis(catalogue=CATALOGUE, as_of=at(60))
        assert projected == analyse(app, as_of=at(60))


def test_sqlite_view_lives_in_the_apps_file(tmp_path: Path) -> None:
    path = tmp_path / "journeys.db"
    app = JourneyApp.sqlite(path, catalogue=CATALOGUE)
    app.save(*population(2))
    tracker = GapTracker(app)
    tracker.catch_up()
    import sqlite3

    with sqlite3.connect(path) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        findings = connection.execute("SELECT COUNT(*) FROM gaps_findings").fetchone()[0]
    assert {"gaps_findings", "gaps_transitions", "gaps_folds", "tracking"} <= tables
    assert findings == len(tracker.analysis().findings)
    tracker.close()
    app.close()


def test_tracker_refuses_a_bad_page_size(app_factory: StoreFactory) -> None:
    with pytest.raises(ValueError, match="page_size"):
        GapTracker(app_factory(), page_size=0)


def test_reset_rebuilds_the_projection_from_the_first_event(store_env: dict[str, str]) -> None:
    app = open_app(store_env)
    app.save(*population(4))
    tracker = GapTracker(app, page_size=7)
    total = tracker.catch_up()
    before = tracker.analysis(as_of=at(60))
    tracker.reset()
    assert tracker.position == 0
    assert tracker.analysis().journeys_started == 0
    assert tracker.catch_up() == total
    assert tracker.analysis(as_of=at(60)) == before
    tracker.close()
    app.close()
