"""Schema evolution: events stored by an older version of an event class are upcast on reading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from journeys import Journey, JourneyApp, analyse
from journeys.analysis import Analysis, GapEngine
from journeys.related import RelatedObject
from tests.conftest import StoreFactory

FIXTURE = Path(__file__).parent / "data/stored_events/touchpoint_v1.json"
JOURNEY = UUID("5d0f7a3e-8c1b-4e2a-9f60-1b2c3d4e5f60")


def stored_events(edit: dict[int, dict[str, Any]] | None = None) -> list[StoredEvent]:
    """The fixture's stored events, with ``edit`` merged into the state of some versions."""
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]
    events = []
    for record in records:
        state = record["state"].encode("utf-8")
        if edit and record["originator_version"] in edit:
            state = json.dumps({**json.loads(state), **edit[record["originator_version"]]})
            state = state.encode("utf-8")
        events.append(
            StoredEvent(
                originator_id=UUID(record["originator_id"]),
                originator_version=record["originator_version"],
                topic=record["topic"],
                state=state,
            )
        )
    return events


def test_a_stored_version_1_touchpoint_is_read_as_version_2(app_factory: StoreFactory) -> None:
    app = app_factory()
    app.recorder.insert_events(stored_events())
    started, touchpoint = app.journey_events(JOURNEY)
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert (touchpoint.body, touchpoint.activity, touchpoint.service) == (
        "registrar:W06000015",
        "register the death",
        None,
    )
    assert touchpoint.occurred_at == datetime(2024, 5, 6, 11, 30, tzinfo=UTC)
    assert isinstance(started, Journey.Started)
    # The journey goes on; the new event is stored as version 2 beside the old one.
    app.touchpoint(
        JOURNEY, "dwp", "bereavement claim", occurred_at=datetime(2024, 5, 8, tzinfo=UTC)
    )
    states = [json.loads(stored.state) for stored in app.recorder.select_events(JOURNEY)]
    assert "class_version" not in states[1]
    assert states[2]["class_version"] == Journey.Touchpoint.class_version == 5
    assert touchpoint.started_at is None  # version 3's field, absent from version 1
    assert touchpoint.objects == frozenset()  # version 4's
    assert analyse(app).journeys_started == 1


def test_an_unversioned_touchpoint_that_names_a_service_keeps_it() -> None:
    # Touchpoints stored before the class had a version already had a service: the
    # upcast must not overwrite it.
    with JourneyApp.in_memory() as app:
        app.recorder.insert_events(stored_events({2: {"service": "tell-us-once"}}))
        touchpoint = app.journey_events(JOURNEY)[1]
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert touchpoint.service == "tell-us-once"


def test_the_upcast_adds_the_field_and_nothing_else() -> None:
    state: dict[str, Any] = {"body": "dwp", "activity": "call"}
    Journey.Touchpoint.upcast_v1_v2(state)
    assert state == {"body": "dwp", "activity": "call", "service": None}


def test_a_stored_version_3_touchpoint_is_read_with_no_related_objects() -> None:
    at = datetime(2024, 5, 6, 11, 30, tzinfo=UTC)
    with JourneyApp.in_memory() as app:
        journey = app.start_journey(citizen="c", trigger="t", nation="england", occurred_at=at)
        app.touchpoint(
            journey, "dwp", "call", occurred_at=at, objects=[RelatedObject("o1", "Order")]
        )
        stored = list(app.recorder.select_events(journey))
    state = json.loads(stored[1].state)
    assert state["class_version"] == 5
    del state["objects"]
    state["class_version"] = 3  # as version 3 stored it
    with JourneyApp.in_memory() as old:
        old.recorder.insert_events(
            [stored[0], StoredEvent(journey, 2, stored[1].topic, json.dumps(state).encode())]
        )
        touchpoint = old.journey_events(journey)[1]
        assert analyse(old).journeys_started == 1
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert (touchpoint.activity, touchpoint.started_at, touchpoint.objects) == (
        "call",
        None,
        frozenset(),
    )


def _stored_as(
    event_type: type[Journey.Event], version: int, drop: tuple[str, ...]
) -> tuple[UUID, list[StoredEvent]]:
    """A journey whose second event, of ``event_type``, is stored as ``version`` of its
    class stored it: without the fields in ``drop`` (version 1 wrote no class_version)."""
    at = datetime(2024, 5, 6, 11, 30, tzinfo=UTC)
    with JourneyApp.in_memory() as app:
        journey = app.start_journey(citizen="c", trigger="t", nation="england", occurred_at=at)
        if event_type is Journey.CaseOpened:
            app.open_case(journey, "dwp", "claim", occurred_at=at, channel="online")
        else:
            app.touchpoint(journey, "dwp", "call", occurred_at=at, channel="phone")
        stored = list(app.recorder.select_events(journey))
    state = json.loads(stored[1].state)
    assert state["class_version"] == getattr(event_type, "class_version")  # noqa: B009
    assert state["channel"] is not None
    for name in drop:
        del state[name]
    if version == 1:
        del state["class_version"]
    else:
        state["class_version"] = version
    older = StoredEvent(journey, 2, stored[1].topic, json.dumps(state).encode())
    return journey, [stored[0], older]


def _read_back(journey: UUID, stored: list[StoredEvent]) -> tuple[list[Journey.Event], Analysis]:
    """The events of ``journey`` and the analysis of a store holding only ``stored``."""
    with JourneyApp.in_memory() as old:
        old.recorder.insert_events(stored)
        return old.journey_events(journey), analyse(old)


def test_a_stored_version_1_case_opened_is_read_with_no_channel() -> None:
    journey, stored = _stored_as(Journey.CaseOpened, 1, drop=("channel",))
    events, analysis = _read_back(journey, stored)
    case = events[1]
    assert isinstance(case, Journey.CaseOpened)
    assert (case.body, case.service, case.via_handoff, case.channel) == (
        "dwp",
        "claim",
        None,
        None,
    )
    assert analysis.journeys_started == 1
    assert_no_channel_counted(events)


def test_a_stored_version_4_touchpoint_is_read_with_no_channel() -> None:
    journey, stored = _stored_as(Journey.Touchpoint, 4, drop=("channel",))
    events, analysis = _read_back(journey, stored)
    touchpoint = events[1]
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert (touchpoint.body, touchpoint.activity, touchpoint.channel) == ("dwp", "call", None)
    assert touchpoint.objects == frozenset()
    assert analysis.journeys_started == 1
    assert_no_channel_counted(events)


def assert_no_channel_counted(events: list[Journey.Event]) -> None:
    """The engine counts DWP's journey, and no channel (none was named)."""
    engine = GapEngine()
    engine.apply_all(events)
    assert engine.tally.channels == {}
    assert engine.tally.body_journeys == {"dwp": 1}
