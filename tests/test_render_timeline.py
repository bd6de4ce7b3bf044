"""The timeline draws an analysis's findings, and any registered event type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from journeys import Journey, analyse, render_timeline
from journeys.errors import RenderError
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, register
from journeys.render import to_dot
from tests.helpers import AS_OF, CATALOGUE, events_of, read_dot
from tests.helpers import drawn_bereavement as bereavement
from tests.helpers import drawn_moving as moving
from tests.helpers import drawn_still_open as still_open


class Escalated(Journey.Event):
    """An event type the timeline has no drawer for, naming a body."""

    body: str
    reason: str


class Noted(Journey.Event):
    """An event type the timeline has no drawer for, naming no body."""

    note: str


def escalate(journey: Journey, body: str, reason: str, *, occurred_at: datetime) -> None:
    journey.trigger_event(Escalated, body=body, reason=reason, occurred_at=occurred_at)


def add_note(journey: Journey, note: str, *, occurred_at: datetime) -> None:
    journey.trigger_event(Noted, note=note, occurred_at=occurred_at)


WITH_NEW_TYPES = EventRegistry(
    (
        *JOURNEY_EVENTS.types,
        register(Escalated, "case_escalated", escalate, "body"),
        register(Noted, "note_added", add_note),
    )
)


@pytest.mark.parametrize("journey", [bereavement, moving, still_open])
def test_an_analysis_findings_draw_what_the_timeline_finds_itself(
    journey: Callable[[], Journey], monkeypatch: pytest.MonkeyPatch
) -> None:
    every = [*events_of(bereavement()), *events_of(moving()), *events_of(still_open())]
    analysis = analyse(every, catalogue=CATALOGUE, as_of=AS_OF)
    assert all(finding.boundary is not None for finding in analysis.findings)
    events = events_of(journey())
    found_here = to_dot(render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF))

    def no_second_analysis(*args: object, **kwargs: object) -> None:
        raise AssertionError("render_timeline analysed the journey again")

    monkeypatch.setattr("journeys.render.timeline.analyse", no_second_analysis)
    # The whole analysis's findings: the timeline keeps its own journey's.
    graph = render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF, findings=analysis.findings)
    assert to_dot(graph) == found_here


def test_no_findings_draw_no_gaps() -> None:
    graph = render_timeline(events_of(bereavement()), catalogue=CATALOGUE, findings=())
    # Only the grey lines of the bodies' holds are left.
    assert {edge.text.split(" ")[0] for edge in read_dot(to_dot(graph)).drawing()} == {"held"}


def test_findings_need_an_as_of_like_analyse_does() -> None:
    events = events_of(still_open())
    with pytest.raises(RenderError, match="timezone-aware"):
        render_timeline(events, catalogue=CATALOGUE, as_of=datetime(2025, 7, 1), findings=())
    too_early = events[-1].occurred_at - timedelta(days=1)
    with pytest.raises(RenderError, match="before the latest event of open journey"):
        render_timeline(events, catalogue=CATALOGUE, as_of=too_early, findings=())


def journey_with_new_event_types() -> list[Journey.Event]:
    journey = still_open()
    later = AS_OF - timedelta(days=10)
    escalate(journey, "council:E06000023", "complaint", occurred_at=later)
    add_note(journey, "called twice", occurred_at=later + timedelta(days=1))
    return events_of(journey)


def test_a_new_registered_event_type_is_drawn_without_a_drawer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("journeys.render.timeline_steps.JOURNEY_EVENTS", WITH_NEW_TYPES)
    events = journey_with_new_event_types()
    # The gap engine has no rules for the new types: the findings come from the
    # journey without them.
    findings = analyse(events_of(still_open()), catalogue=CATALOGUE, as_of=AS_OF).findings
    dot = read_dot(
        to_dot(render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF, findings=findings))
    )
    assert [type(event) for event in events[-2:]] == [Escalated, Noted]
    # In the lane of the body it names, under the body's name: its registry name.
    escalated = dot.node("Bristol City Council", "case_escalated")
    assert (escalated.cluster, escalated.lines[-1]) == ("cluster_local", "21 Jun 2025")
    # Naming no body, in the citizen's lane.
    noted = dot.node("note_added")
    assert (noted.cluster, noted.lines) == ("cluster_citizen", ["note_added", "22 Jun 2025"])
    assert dot.node("NO RESPONSE").cluster == "cluster_central"


def test_an_unregistered_event_type_is_an_error() -> None:
    with pytest.raises(RenderError, match="not a registered journey event"):
        render_timeline(journey_with_new_event_types(), catalogue=CATALOGUE, findings=())
