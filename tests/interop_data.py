"""Journeys with every kind of event, and helpers to compare journeys across formats."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from journeys import Journey, JourneyApp
from journeys.event_registry import JOURNEY_EVENTS
from tests.helpers import at

EVENTLOGS = "data/eventlogs"


def every_kind_of_event(citizen: str = "cit-1", offset: float = 0.0) -> Journey:
    """A bereavement journey using every journey event, with a tie in time."""
    journey = Journey.start(
        citizen=citizen, trigger="death", nation="wales", occurred_at=at(offset)
    )
    journey.open_case("registrar:W06000015", "death-registration", occurred_at=at(offset + 1))
    journey.touchpoint(
        "registrar:W06000015", "appointment", occurred_at=at(offset + 1), service="tell-us-once"
    )
    journey.provide_information(
        "registrar:W06000015", ["date_of_death", "ni_number"], occurred_at=at(offset + 1.5)
    )
    journey.send_handoff(
        "tuo-1",
        from_body="registrar:W06000015",
        to_body="dwp",
        items=["date_of_death"],
        occurred_at=at(offset + 2),
    )
    journey.close_case(
        "registrar:W06000015", "death-registration", occurred_at=at(offset + 2), outcome="done"
    )
    journey.accept_handoff("tuo-1", occurred_at=at(offset + 4.25))
    journey.open_case(
        "dwp", "bereavement-support", occurred_at=at(offset + 4.25), via_handoff="tuo-1"
    )
    journey.request_information("dwp", ["ni_number"], occurred_at=at(offset + 5))
    journey.send_handoff("tax", from_body="dwp", to_body="hmrc", occurred_at=at(offset + 6))
    journey.reject_handoff("tax", occurred_at=at(offset + 8), reason="wrong office")
    journey.touchpoint("dvla", "licence returned", occurred_at=at(offset + 9))
    journey.close_case("dwp", "bereavement-support", occurred_at=at(offset + 10))
    journey.end(occurred_at=at(offset + 12), outcome="settled")
    return journey


def sample_journeys() -> list[Journey]:
    """Three journeys (two of one citizen), still open for saving."""
    return [
        every_kind_of_event("cit-1"),
        every_kind_of_event("cit-2", offset=0.5),
        every_kind_of_event("cit-1", offset=40),
    ]


def content(event: Journey.Event) -> tuple[str, dict[str, Any]]:
    """An event's name and values, without its id, version and recording time."""
    values = {
        key: value
        for key, value in vars(event).items()
        if key not in {"originator_id", "originator_version", "timestamp"}
    }
    return JOURNEY_EVENTS.name_of(event), values


def contents(events: Iterable[Journey.Event]) -> list[tuple[str, dict[str, Any]]]:
    return [content(event) for event in events]


def stored_contents(app: JourneyApp) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Every stored journey's events, by journey id."""
    return {str(journey): contents(app.journey_events(journey)) for journey in app.journey_ids()}


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def kill_import_once_saving(script: str, database: Path, log: Path, *, seconds: float) -> None:
    """Run ``script`` (``python -c``, given the database and the log as its arguments,
    with the project's ``src`` on its path) and SIGKILL it as soon as its first events
    are stored; fails if it ends before, or if nothing is stored within ``seconds``."""
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(database), str(log)], env=environment
    )
    try:
        deadline = time.monotonic() + seconds
        while not (database.exists() and database.stat().st_size > 0):
            assert child.poll() is None, "the import ended before it wrote anything"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with JourneyApp.sqlite(database) as watcher:
            while watcher.max_position() == 0:
                assert child.poll() is None, "the import ended before it was killed"
                assert time.monotonic() < deadline
                time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
