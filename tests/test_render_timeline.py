"""The timeline draws an analysis's findings, and any registered event type."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journeys import Journey, analyse, render_timeline, to_dot
from journeys.errors import RenderError
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry, register
from tests.render_journeys import AS_OF, CATALOGUE, bereavement, events_of, moving, still_open

SNAPSHOTS = Path(__file__).parent / "snapshots"


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


def lane_of(dot: str, node: str) -> str | None:
    """The lane (cluster) the DOT writes ``node`` in."""
    lane = None
    for line in dot.splitlines():
        if match := re.match(r"\s*subgraph cluster_(\w+) \{", line):
            lane = match[1]
        elif re.match(rf"\s*{node} \[", line):
            return lane
    return None


def label_of(dot: str, node: str) -> str:
    match = re.search(rf'^\s*{node} \[label="([^"]*)"', dot, re.MULTILINE)
    assert match is not None, node
    return match[1]


@pytest.mark.parametrize(
    ("snapshot", "journey"),
    [
        ("timeline_bereavement.dot", bereavement),
        ("timeline_moving.dot", moving),
        ("timeline_still_open.dot", still_open),
    ],
)
def test_an_analysis_findings_draw_the_same_timeline(
    snapshot: str, journey: Callable[[], Journey], monkeypatch: pytest.MonkeyPatch
) -> None:
    every = [*events_of(bereavement()), *events_of(moving()), *events_of(still_open())]
    analysis = analyse(every, catalogue=CATALOGUE, as_of=AS_OF)
    assert all(finding.boundary is not None for finding in analysis.findings)

    def no_second_analysis(*args: object, **kwargs: object) -> None:
        raise AssertionError("render_timeline analysed the journey again")

    monkeypatch.setattr("journeys.render.timeline.analyse", no_second_analysis)
    events = events_of(journey())
    # The whole analysis's findings: the timeline keeps its own journey's.
    graph = render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF, findings=analysis.findings)
    assert to_dot(graph) == (SNAPSHOTS / snapshot).read_bytes()


def test_no_findings_draw_no_gaps() -> None:
    dot = to_dot(render_timeline(events_of(bereavement()), catalogue=CATALOGUE, findings=()))
    graph_part = dot.decode().split("cluster_legend")[0]
    assert "UNHELD" not in graph_part
    assert "NO RESPONSE" not in graph_part
    assert "held 1 d" in graph_part


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
    dot = to_dot(
        render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF, findings=findings)
    ).decode()
    assert [type(event) for event in events[-2:]] == [Escalated, Noted]
    # In the lane of the body it names, after the body's name: its registry name.
    assert lane_of(dot, "e5") == "local"
    assert label_of(dot, "e5") == "Bristol City Council\\ncase_escalated\\n21 Jun 2025"
    # Naming no body, in the citizen's lane.
    assert lane_of(dot, "e6") == "citizen"
    assert label_of(dot, "e6") == "note_added\\n22 Jun 2025"
    assert "NO RESPONSE" in dot


def test_an_unregistered_event_type_is_an_error() -> None:
    with pytest.raises(RenderError, match="not a registered journey event"):
        render_timeline(journey_with_new_event_types(), catalogue=CATALOGUE, findings=())
