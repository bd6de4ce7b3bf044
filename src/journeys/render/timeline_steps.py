"""The nodes of a timeline: one step per journey event, and the grey "held" lines.

Each event is drawn by the drawer registered for its class. An event type the
timeline has no drawer for — a new entry in
:data:`~journeys.event_registry.JOURNEY_EVENTS` — is still drawn, by
:func:`draw_other_event`: a plain marker in the lane of the first body it names
(the citizen's lane if it names none), labelled with its registry name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import attrs

from journeys.bodies import Catalogue
from journeys.errors import RenderError
from journeys.event_registry import JOURNEY_EVENTS, EventType
from journeys.journey import Journey
from journeys.render import style
from journeys.render.dates import format_moment
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.lanes import CITIZEN_LANE, Lane

WRAP = 22
"""Node text is wrapped at this many characters."""

Attributes = tuple[tuple[str, str], ...]


@attrs.frozen
class Step:
    """One node of the timeline: an event, or a moment the analysis added."""

    id: str
    lane: Lane
    at: datetime
    body: str | None
    event: Journey.Event | None
    lines: tuple[str, ...]
    attributes: Attributes = ()


@attrs.frozen
class Line:
    """One visible edge between two steps."""

    tail: str
    head: str
    attributes: Attributes


def sorted_attributes(**attributes: str) -> Attributes:
    """DOT attributes in name order, so the output does not depend on call order."""
    return tuple(sorted(attributes.items()))


def seconds(start: datetime, end: datetime) -> float:
    """The seconds from ``start`` to ``end``."""
    return (end - start).total_seconds()


def event_type(event: Journey.Event) -> EventType:
    """The registered type of ``event``.

    Raises:
        RenderError: if its class is not in the journey event registry.
    """
    try:
        return JOURNEY_EVENTS.of(event)
    except KeyError:
        raise RenderError(f"not a registered journey event: {event!r}") from None


class TimelineSteps:
    """The steps and lines of one timeline, in the order they will be written,
    with what later events and the findings look up (hand-offs by id, open cases,
    the run of touchpoints, the journey's end)."""

    def __init__(self, catalogue: Catalogue, lanes: dict[str, Lane]) -> None:
        self.catalogue = catalogue
        self.lanes = lanes
        self.steps: list[Step] = []
        self.lines: list[Line] = []
        self.sent: dict[str, Step] = {}
        self.answered: dict[str, Step] = {}
        self.open_cases: dict[tuple[str, str], Step] = {}
        self.last_touchpoint: Step | None = None
        self.end: Step | None = None

    def name(self, body: str) -> str:
        """The catalogue name of ``body``."""
        return self.catalogue[body].name

    def add(
        self,
        step_id: str,
        lane: Lane,
        event: Journey.Event | None,
        at: datetime,
        body: str | None,
        lines: list[str],
        **attributes: str,
    ) -> Step:
        """Append a step and return it."""
        step = Step(step_id, lane, at, body, event, tuple(lines), sorted_attributes(**attributes))
        self.steps.append(step)
        return step

    def add_event(self, step_id: str, event: Journey.Event) -> None:
        """Add the node for ``event`` (every journey event has one)."""
        drawer = _DRAWERS.get(type(event))
        if drawer is None:
            draw_other_event(self, step_id, event)
        else:
            drawer(self, step_id, event)

    def body_step(
        self,
        step_id: str,
        event: Journey.Event,
        body: str,
        what: list[str],
        **attributes: str,
    ) -> Step:
        """Add a step in ``body``'s lane: its name, ``what`` happened, and when."""
        lane = self.lanes[body]
        assert lane.tier is not None
        defaults = {
            "style": "rounded,filled" if attributes.get("shape") == "box" else "filled",
            "fillcolor": "white",
            "color": style.TIER_INKS[lane.tier],
        }
        lines = [*wrap(self.name(body), WRAP)]
        for text in what:
            lines.extend(wrap(text, WRAP))
        lines.append(format_moment(event.occurred_at))
        return self.add(
            step_id, lane, event, event.occurred_at, body, lines, **{**defaults, **attributes}
        )

    def citizen_step(
        self,
        step_id: str,
        event: Journey.Event,
        what: list[str],
        *,
        body: str | None = None,
        **attributes: str,
    ) -> Step:
        """Add a step in the citizen's lane: ``what`` happened, and when."""
        defaults = {"style": "filled", "fillcolor": "white"}
        at = event.occurred_at
        lines = [*what, format_moment(at)]
        return self.add(step_id, CITIZEN_LANE, event, at, body, lines, **{**defaults, **attributes})

    def held(self, start: Step, end: Step) -> None:
        """A grey line: one body held the citizen from ``start`` to ``end``."""
        self.lines.append(
            Line(
                start.id,
                end.id,
                sorted_attributes(
                    color=style.MUTED,
                    penwidth="2",
                    arrowhead="none",
                    label=dot_label(f"held {human_duration(seconds(start.at, end.at))}"),
                    fontcolor=style.MUTED,
                ),
            )
        )

    def add_still_open(self, last_at: datetime, as_of: datetime | None) -> None:
        """Mark the journey as not ended: as of ``as_of``, or at its last event."""
        at = as_of if as_of is not None else last_at
        self.end = self.add(
            "open",
            CITIZEN_LANE,
            None,
            at,
            None,
            ["Still open", f"as of {format_moment(at)}"],
            shape="box",
            style="rounded,dashed,bold",
        )


# --- drawers, one per event class -------------------------------------------------------

E = TypeVar("E", bound=Journey.Event)
Drawer = Callable[[TimelineSteps, str, E], None]

# Values take Any: each drawer is registered for the one class it is typed for.
_DRAWERS: dict[type[Journey.Event], Callable[[TimelineSteps, str, Any], None]] = {}


def _draws(cls: type[E]) -> Callable[[Drawer[E]], Drawer[E]]:
    """Register the decorated function as the drawer of ``cls``."""

    def register(drawer: Drawer[E]) -> Drawer[E]:
        _DRAWERS[cls] = drawer
        return drawer

    return register


def draw_other_event(steps: TimelineSteps, step_id: str, event: Journey.Event) -> None:
    """Draw an event the timeline has no drawer for: a plain marker labelled with
    its registry name, in the lane of the first body it names, else the citizen's.

    Raises:
        RenderError: if the event's class is not in the journey event registry.
    """
    registered = event_type(event)
    bodies = registered.bodies(event)
    if bodies:
        steps.body_step(step_id, event, bodies[0], [registered.name], shape="ellipse")
        return
    steps.citizen_step(step_id, event, wrap(registered.name, WRAP), shape="ellipse")


@_draws(Journey.Started)
def _started(steps: TimelineSteps, step_id: str, event: Journey.Started) -> None:
    _milestone(steps, step_id, event, "Life event", event.trigger)


@_draws(Journey.InformationProvided)
def _information_provided(
    steps: TimelineSteps, step_id: str, event: Journey.InformationProvided
) -> None:
    told = [
        *wrap(f"Tells {steps.name(event.body)}:", WRAP),
        *wrap(", ".join(sorted(event.items)), WRAP),
    ]
    steps.citizen_step(step_id, event, told, body=event.body, shape="note")


@_draws(Journey.Ended)
def _ended(steps: TimelineSteps, step_id: str, event: Journey.Ended) -> None:
    steps.end = _milestone(steps, step_id, event, "Journey ends", event.outcome)


def _milestone(
    steps: TimelineSteps, step_id: str, event: Journey.Event, title: str, text: str
) -> Step:
    """The bold box of the journey's start or end, in the citizen's lane."""
    lines = [title, *wrap(text, WRAP)]
    return steps.citizen_step(step_id, event, lines, shape="box", style="rounded,filled,bold")


@_draws(Journey.CaseOpened)
def _case_opened(steps: TimelineSteps, step_id: str, event: Journey.CaseOpened) -> None:
    step = steps.body_step(step_id, event, event.body, [f"opens: {event.service}"], shape="box")
    steps.open_cases[(event.body, event.service)] = step
    # Opening a case breaks a run of touchpoints, as it does for the gap engine.
    steps.last_touchpoint = None


@_draws(Journey.CaseClosed)
def _case_closed(steps: TimelineSteps, step_id: str, event: Journey.CaseClosed) -> None:
    step = steps.body_step(
        step_id,
        event,
        event.body,
        [f"closes: {event.service}", f"({event.outcome})"],
        shape="box",
    )
    opened = steps.open_cases.pop((event.body, event.service), None)
    if opened is not None:
        steps.held(opened, step)


@_draws(Journey.Touchpoint)
def _touchpoint(steps: TimelineSteps, step_id: str, event: Journey.Touchpoint) -> None:
    step = steps.body_step(step_id, event, event.body, [event.activity], shape="ellipse")
    previous = steps.last_touchpoint
    if previous is not None and previous.body == event.body:
        steps.held(previous, step)
    steps.last_touchpoint = step


@_draws(Journey.InformationRequested)
def _information_requested(
    steps: TimelineSteps, step_id: str, event: Journey.InformationRequested
) -> None:
    steps.body_step(
        step_id, event, event.body, ["asks for:", ", ".join(sorted(event.items))], shape="box"
    )


@_draws(Journey.HandoffSent)
def _handoff_sent(steps: TimelineSteps, step_id: str, event: Journey.HandoffSent) -> None:
    carrying = [f"carrying: {', '.join(sorted(event.items))}"] if event.items else []
    steps.sent[event.handoff] = steps.body_step(
        step_id,
        event,
        event.from_body,
        [f"hands off to {steps.name(event.to_body)}", *carrying],
        shape="box",
        peripheries="2",
    )


def _hand_off(steps: TimelineSteps, handoff: str) -> Journey.HandoffSent:
    """The sending of ``handoff`` (an answer names no body: it is the receiver's)."""
    sent = steps.sent[handoff].event
    assert isinstance(sent, Journey.HandoffSent)
    return sent


@_draws(Journey.HandoffAccepted)
def _handoff_accepted(steps: TimelineSteps, step_id: str, event: Journey.HandoffAccepted) -> None:
    sender = steps.name(_hand_off(steps, event.handoff).from_body)
    _answer(steps, step_id, event, f"accepts hand-off from {sender}")


@_draws(Journey.HandoffRejected)
def _handoff_rejected(steps: TimelineSteps, step_id: str, event: Journey.HandoffRejected) -> None:
    what = f"refuses hand-off: {event.reason}"
    _answer(steps, step_id, event, what, color=style.REJECTED, penwidth="2")


def _answer(
    steps: TimelineSteps,
    step_id: str,
    event: Journey.HandoffAccepted | Journey.HandoffRejected,
    what: str,
    **attributes: str,
) -> None:
    """Draw the answer to a hand-off, in the lane of the body it was sent to."""
    receiver = _hand_off(steps, event.handoff).to_body
    steps.answered[event.handoff] = steps.body_step(
        step_id, event, receiver, [what], shape="box", **attributes
    )
