"""The journey event registry: complete, true to the commands, and every format round-trips it.

The walk is driven by :data:`~journeys.event_registry.JOURNEY_EVENTS`: registering a
new event type without a builder in :data:`BUILDERS` fails here, and once it has
one, every reader and writer must give it back field for field.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import tempfile
import typing
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Catalogue, Journey, JourneyApp, journey_id, uk_catalogue
from journeys.application import JOURNEY_EVENT_TOPICS
from journeys.event_registry import JOURNEY_EVENTS, EventType, FieldKind
from journeys.interop import (
    read_journey_csv,
    read_ocel,
    read_xes,
    write_journey_csv,
    write_ocel,
    write_xes,
)
from journeys.related import RelatedObject
from journeys.testing import catalogues, journeys
from tests.helpers import T0, at

CATALOGUE = uk_catalogue()

# What XES carries of each journey event it maps (XES events are touchpoints; the
# reader takes the activity and the body, not the service the writer adds).
XES_FIELDS: dict[str, tuple[str, ...]] = {"touchpoint": ("body", "activity", "objects")}

Content = tuple[str, datetime, dict[str, Any]]


class Steps:
    """A journey being built, each command a little later than the one before."""

    def __init__(self) -> None:
        self.hours = 0
        self.journey = Journey.start(
            citizen="cit-registry", trigger="death", nation="wales", occurred_at=T0
        )

    def next(self) -> datetime:
        self.hours += 3
        return at(hours=self.hours)

    def sent(self, handoff: str, *, items: Iterable[str] = ()) -> None:
        self.journey.send_handoff(
            handoff, from_body="registrar:W06000015", to_body="dwp", items=items,
            occurred_at=self.next(),
        )  # fmt: skip

    def accepted(self, handoff: str) -> None:
        self.sent(handoff)
        self.journey.accept_handoff(handoff, occurred_at=self.next())

    def opened(self, body: str, service: str) -> None:
        self.journey.open_case(body, service, occurred_at=self.next())


def _case_opened(steps: Steps) -> None:
    steps.opened("registrar:W06000015", "death-registration")
    steps.accepted("tuo")
    steps.journey.open_case(
        "dwp", "bereavement-support", occurred_at=steps.next(), via_handoff="tuo"
    )


def _case_closed(steps: Steps) -> None:
    steps.opened("registrar:W06000015", "death-registration")
    steps.journey.close_case("registrar:W06000015", "death-registration", occurred_at=steps.next())
    steps.opened("dwp", "bereavement-support")
    steps.journey.close_case("dwp", "bereavement-support", occurred_at=steps.next(), outcome="paid")


def _touchpoint(steps: Steps) -> None:
    steps.journey.touchpoint("dvla", "licence returned", occurred_at=steps.next())
    steps.journey.touchpoint(
        "registrar:W06000015", "appointment", occurred_at=steps.next(), service="tell-us-once"
    )
    steps.journey.touchpoint(
        "dwp",
        "claim form",
        occurred_at=steps.next(),
        objects=[RelatedObject("form:1;a", "Form", "sent"), RelatedObject("L2", "Letter")],
    )


def _information_provided(steps: Steps) -> None:
    steps.journey.provide_information(
        "dwp", ["date_of_death", "ni_number"], occurred_at=steps.next()
    )


def _information_requested(steps: Steps) -> None:
    steps.journey.request_information("hmrc", ["ni_number"], occurred_at=steps.next())


def _handoff_sent(steps: Steps) -> None:
    steps.sent("with-items", items=["date_of_death", "ni_number"])
    steps.sent("without-items")


def _handoff_rejected(steps: Steps) -> None:
    steps.sent("refused")
    steps.journey.reject_handoff("refused", occurred_at=steps.next())
    steps.sent("wrong-office")
    steps.journey.reject_handoff("wrong-office", occurred_at=steps.next(), reason="wrong office")


def _feedback_given(steps: Steps) -> None:
    steps.journey.give_feedback(
        "dwp",
        "Bereavement Support Payment",
        "govuk-satisfaction",
        "very dissatisfied",
        occurred_at=steps.next(),
        themes=["asked_again", "waiting"],
        channel="online",
        reference="gx-17",
    )
    steps.journey.give_feedback("hmrc", "tax", "nhs-fft", "Don't know", occurred_at=steps.next())
    steps.journey.give_feedback(
        "hmrc", "tax", "my-survey", "okay", score=0.5, occurred_at=steps.next()
    )


def _complaint_made(steps: Steps) -> None:
    steps.journey.make_complaint(
        "c1",
        "hmrc",
        occurred_at=steps.next(),
        about="tax",
        themes=["lost_papers"],
        channel="paper",
        reference="ref-9",
    )
    steps.journey.make_complaint("c2", "dwp", occurred_at=steps.next())


def _complaint_resolved(steps: Steps) -> None:
    _complaint_made(steps)
    steps.journey.resolve_complaint("c1", occurred_at=steps.next(), outcome="partially upheld")
    steps.journey.resolve_complaint("c2", occurred_at=steps.next(), outcome="not_upheld")


BUILDERS: dict[str, Callable[[Steps], None]] = {
    "started": lambda steps: None,
    "case_opened": _case_opened,
    "case_closed": _case_closed,
    "touchpoint": _touchpoint,
    "information_provided": _information_provided,
    "information_requested": _information_requested,
    "handoff_sent": _handoff_sent,
    "handoff_accepted": lambda steps: steps.accepted("accepted"),
    "handoff_rejected": _handoff_rejected,
    "feedback_given": _feedback_given,
    "complaint_made": _complaint_made,
    "complaint_resolved": _complaint_resolved,
    "ended": lambda steps: steps.journey.end(occurred_at=steps.next(), outcome="settled"),
}
"""For each event name, the commands that record it (after its preconditions)."""


def journey_with(event_type: EventType) -> Journey:
    """A journey (events pending) that has at least one ``event_type`` event."""
    build = BUILDERS.get(event_type.name)
    if build is None:
        pytest.fail(f"no builder for the registered event type {event_type.name!r}: add one")
    steps = Steps()
    build(steps)
    return steps.journey


def content(event: Journey.Event) -> Content:
    """What a format must keep of an event: its name, time and every field's value."""
    event_type = JOURNEY_EVENTS.of(event)
    return event_type.name, event.occurred_at, event_type.values(event)


def contents(events: Iterable[Journey.Event]) -> list[Content]:
    return [content(event) for event in events]


def csv_round_trip(events: list[Journey.Event], folder: Path, catalogue: Catalogue) -> Journey:
    path = folder / "events.csv"
    assert write_journey_csv(events, path) == len(events)
    (journey,) = read_journey_csv(path, catalogue=catalogue, source="registry")
    assert journey.id == journey_id("registry", str(events[0].originator_id))
    return journey


def ocel_round_trip(events: list[Journey.Event], folder: Path, catalogue: Catalogue) -> Journey:
    path = folder / "events.jsonocel"
    assert write_ocel(events, path, catalogue=catalogue) == len(events)
    (journey,) = read_ocel(path, catalogue=catalogue)
    assert journey.id == events[0].originator_id
    return journey


ROUND_TRIPS = {"journey-events CSV": csv_round_trip, "OCEL 2.0 JSON": ocel_round_trip}

event_types = pytest.mark.parametrize("event_type", JOURNEY_EVENTS, ids=JOURNEY_EVENTS.names)


@event_types
def test_the_builder_records_the_event_type(event_type: EventType) -> None:
    names = [JOURNEY_EVENTS.name_of(event) for event in journey_with(event_type).pending_events]
    assert event_type.name in names


@event_types
@pytest.mark.parametrize("format_name", list(ROUND_TRIPS))
def test_every_event_type_round_trips_field_for_field(
    event_type: EventType, format_name: str, tmp_path: Path
) -> None:
    events = list(journey_with(event_type).pending_events)
    again = ROUND_TRIPS[format_name](events, tmp_path, CATALOGUE)
    assert contents(again.pending_events) == contents(events)


@event_types
def test_events_that_xes_maps_round_trip_through_it(event_type: EventType, tmp_path: Path) -> None:
    events = list(journey_with(event_type).pending_events)
    path = tmp_path / "events.xes"
    mapped = [event for event in events if JOURNEY_EVENTS.name_of(event) in XES_FIELDS]
    assert write_xes(events, path) == (1 if mapped else 0)
    read = [
        event for journey in read_xes(path, catalogue=CATALOGUE) for event in journey.pending_events
    ]

    def kept(some: Iterable[Journey.Event]) -> list[Content]:
        return [
            (name, at, {key: values[key] for key in XES_FIELDS[name]})
            for name, at, values in contents(some)
            if name in XES_FIELDS
        ]

    assert kept(read) == kept(mapped)


@given(data=st.data())
@settings(max_examples=15)
def test_any_valid_journey_round_trips_through_csv_and_ocel(data: st.DataObject) -> None:
    catalogue = data.draw(catalogues(), label="catalogue")
    journey = data.draw(journeys(catalogue=catalogue, ended=data.draw(st.booleans())))
    events = list(journey.pending_events)
    with tempfile.TemporaryDirectory() as folder:
        for round_trip in ROUND_TRIPS.values():
            again = round_trip(events, Path(folder), catalogue)
            assert contents(again.pending_events) == contents(events)


def test_every_journey_event_class_is_registered() -> None:
    # Aggregate's own event classes (Created ...) are redefined on Journey but never recorded.
    classes = {
        value
        for name, value in vars(Journey).items()
        if isinstance(value, type)
        and issubclass(value, Journey.Event)
        and value is not Journey.Event
        and name not in vars(Aggregate)
    }
    assert classes == {event_type.cls for event_type in JOURNEY_EVENTS}


def test_the_app_selects_the_registry_topics() -> None:
    assert JOURNEY_EVENTS.topics == JOURNEY_EVENT_TOPICS
    built = [journey_with(event_type) for event_type in JOURNEY_EVENTS]
    with JourneyApp.in_memory() as app:
        app.save(*built)
        ours = {journey.id for journey in built}
        notifications = app.recorder.select_notifications(start=1, limit=10_000)
        stored = [n.topic for n in notifications if n.originator_id in ours]
        assert set(stored) == set(JOURNEY_EVENTS.topics)
        selected = [get_topic(type(event)) for _, event in app.read_events()]
    assert selected == stored


@event_types
def test_fields_match_the_command_parameters(event_type: EventType) -> None:
    parameters = dict(inspect.signature(event_type.command).parameters)
    for own in ("self", "occurred_at", "id"):
        parameters.pop(own, None)
    # The class's own fields, in its order, are the command's parameters.
    assert event_type.field_names == tuple(vars(event_type.cls)["__annotations__"])
    assert set(event_type.field_names) == set(parameters)
    for field in event_type.fields:
        has_default = parameters[field.name].default is not inspect.Parameter.empty
        assert field.optional == has_default, field.name
        if field.kind is FieldKind.BODY:
            assert typing.get_type_hints(event_type.cls)[field.name] is str, field.name


# Run in a child process: it adds an event class to Journey and a type to the registry
# before the formats are imported, which must not leak into other tests.
NEW_EVENT_TYPE = """
from datetime import UTC, datetime, timedelta
from pathlib import Path

import journeys.event_registry as registry
from journeys.journey import Journey
from journeys.normalise import fact_ids, text


class Reminded(Journey.Event):
    body: str
    note: str
    topics: frozenset[str]
    urgency: str | None

    def apply(self, aggregate):
        aggregate._last_occurred_at = self.occurred_at


def remind(self, body, note, topics, *, occurred_at, urgency=None):
    self.trigger_event(
        Reminded, body=text("body", body), note=text("note", note),
        topics=fact_ids(topics, allow_empty=False), urgency=urgency,
        occurred_at=self._next_time(occurred_at),
    )


Reminded.__qualname__ = "Journey.Reminded"
Journey.Reminded, Journey.remind = Reminded, remind
reminded = registry.register(Reminded, "reminded", remind, "body")
registry.JOURNEY_EVENTS = registry.EventRegistry((*registry.JOURNEY_EVENTS, reminded))

from journeys import uk_catalogue
from journeys.interop import read_journey_csv, read_ocel, write_journey_csv, write_ocel

start = datetime(2025, 1, 1, tzinfo=UTC)
journey = Journey.start(citizen="c", trigger="t", nation="wales", occurred_at=start)
journey.remind("dwp", "bring papers", ["a", "b"], occurred_at=start + timedelta(days=1))
journey.remind("hmrc", "call", ["c"], occurred_at=start + timedelta(days=2), urgency="high")
events = list(journey.pending_events)


def contents(events):
    return [(e.occurred_at, registry.JOURNEY_EVENTS.of(e).values(e)) for e in events]


write_journey_csv(events, Path("x.csv"))
print(Path("x.csv").read_text().splitlines()[0])
(again,) = read_journey_csv("x.csv", catalogue=uk_catalogue())
assert contents(again.pending_events) == contents(events)
write_ocel(events, Path("x.jsonocel"), catalogue=uk_catalogue())
(again,) = read_ocel("x.jsonocel", catalogue=uk_catalogue())
assert contents(again.pending_events) == contents(events)
"""


def test_a_newly_registered_event_type_needs_no_change_to_the_formats(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NEW_EVENT_TYPE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Its new fields are columns after the documented ones.
    assert done.stdout.strip().endswith(
        ",started_at,objects,channel,about,instrument,answer,score,themes,reference,complaint"
        ",note,topics,urgency"
    )
