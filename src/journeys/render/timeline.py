"""``render_timeline``: one journey as a swimlane picture, gaps impossible to miss.

Time runs left to right in columns that are not to scale: a lane's later event
is always further right, and every line runs rightwards, but events in lanes
that nothing ties together share a column (see :mod:`journeys.render.time_columns`);
the axis over the columns gives their dates and the long waits between them.
Each node carries its own date. The citizen's lane is on top — the life event, the facts they gave,
how the journey ended — then one lane per tier (split by nation when the bodies
serve no nation in common). Cases, touchpoints, requests and hand-offs are nodes
with their dates; a case's span and a run of touchpoints are grey lines (held).

The gaps come from the :class:`~journeys.analysis.GapEngine` run over the
journey's events, never from rules of this module's own:

* unheld time — a red dashed line labelled with its duration;
* a dropped hand-off — a red line ending in a "no response" node;
* a refused hand-off — a brown line to the refusal;
* a re-ask — the request filled orange, naming the facts asked again and where
  and when the citizen first gave them;
* a cold transfer — a purple dotted line to the case the citizen opened themselves.

A legend beside or under the lanes explains every mark.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from journeys.analysis.batch import check_as_of
from journeys.analysis.engine import GapEngine
from journeys.analysis.findings import Finding, FindingKind
from journeys.bodies import Catalogue
from journeys.errors import RenderError
from journeys.event_registry import JOURNEY_EVENTS
from journeys.journey import Journey
from journeys.render import style
from journeys.render.dates import format_moment
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.lanes import CITIZEN_LANE, Lane, body_lanes
from journeys.render.legend import LegendEntry
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes, draw_swimlanes
from journeys.render.time_axis import TimeAxis
from journeys.render.time_columns import TimedStep, assign_time_columns

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

_WRAP = 22

LONG_WAIT_SECONDS = 86_400
"""Waits between two columns at least this long are written on the axis."""

Attributes = dict[str, str]


@attrs.frozen
class _Step:
    """One node of the timeline: an event, or a moment the analysis added."""

    id: str
    lane: Lane
    at: datetime
    body: str | None
    event: Journey.Event | None
    lines: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class _Line:
    """One visible edge between two steps."""

    tail: str
    head: str
    attributes: tuple[tuple[str, str], ...]


def render_timeline(
    events: Iterable[Journey.Event],
    *,
    catalogue: Catalogue | None = None,
    as_of: datetime | None = None,
    title: str | None = None,
) -> JourneyGraph:
    """Draw one journey's events as a swimlane timeline with its gaps marked.

    ``events`` are one journey's events in order (``app.journey_events(id)``).
    ``catalogue`` names the bodies and places them in tier lanes (default: the
    bundled UK catalogue). ``as_of`` closes a journey that has not ended, as
    :func:`~journeys.analysis.analyse` does: unanswered hand-offs become "no
    response" and trailing unheld time is drawn up to it. ``title`` replaces the
    default title.

    Returns a ``graphviz.Digraph`` (shown inline in a notebook); write it with
    :func:`~journeys.render.write_graph`.

    Raises:
        RenderError: if ``events`` are empty, do not start with ``Started`` or belong
            to more than one journey.
        UnknownBodyError: if a body is not in the catalogue.
    """
    journey_events = list(events)
    _check_one_journey(journey_events)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    as_of = check_as_of(as_of)
    started = journey_events[0]
    assert isinstance(started, Journey.Started)

    engine = GapEngine()
    engine.apply_all(journey_events)
    findings = list(engine.tally.findings)
    open_fold = engine.folds.get(started.originator_id)
    if open_fold is not None and as_of is not None:
        findings.extend(engine.close_open_journeys(as_of).findings)
    findings.sort(key=Finding.sort_key)

    body_ids = sorted(
        {body for event in journey_events for body in JOURNEY_EVENTS.of(event).bodies(event)}
    )
    lanes = body_lanes(catalogue[body] for body in body_ids)
    builder = _TimelineBuilder(catalogue, lanes)
    for index, event in enumerate(journey_events, start=1):
        builder.add_event(f"e{index}", event)
    closed_at = as_of if open_fold is not None else None
    if open_fold is not None:
        builder.add_still_open(journey_events[-1].occurred_at, closed_at)
    builder.add_findings(findings)

    from journeys.render.graph import new_graph

    graph = new_graph("timeline", fontsize=style.TITLE_FONT_SIZE)
    shown_title = title if title is not None else _default_title(started, journey_events)
    draw_swimlanes(graph, builder.picture(dot_label(shown_title)))
    return graph


def _check_one_journey(events: Sequence[Journey.Event]) -> None:
    if not events:
        raise RenderError("render_timeline needs the events of one journey; got none")
    if not isinstance(events[0], Journey.Started):
        raise RenderError(
            "render_timeline needs a journey's events from its start; the first event is "
            f"{type(events[0]).__name__}, not Started"
        )
    journeys = sorted({str(event.originator_id) for event in events})
    if len(journeys) > 1:
        raise RenderError(
            f"render_timeline draws one journey; got events of {len(journeys)} journeys "
            f"({', '.join(journeys[:3])}{' ...' if len(journeys) > 3 else ''}): "
            "pass app.journey_events(journey_id)"
        )


def _default_title(started: Journey.Started, events: Sequence[Journey.Event]) -> str:
    last = events[-1]
    until = format_moment(last.occurred_at) if isinstance(last, Journey.Ended) else "open"
    return (
        f"Journey {started.originator_id} · citizen {started.citizen} · "
        f"{started.trigger} · {format_moment(started.occurred_at)} to {until} (times in UTC)"
    )


_LEGEND: tuple[LegendEntry, ...] = (
    LegendEntry(
        "held by a body (a case, or a run of touchpoints)",
        {"color": style.MUTED, "penwidth": "2", "arrowhead": "none"},
    ),
    LegendEntry("hand-off answered, with its latency", {"color": style.HANDOFF, "penwidth": "1.5"}),
    LegendEntry(
        "UNHELD: no body holds the citizen",
        {"color": style.GAP, "style": "dashed", "penwidth": "2.5"},
    ),
    LegendEntry(
        "hand-off never answered",
        {"color": style.GAP, "penwidth": "2.5"},
        head={
            "shape": "octagon",
            "label": dot_label("no response"),
            "style": "filled",
            "fillcolor": style.NO_RESPONSE_FILL,
            "color": style.GAP,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
    LegendEntry("hand-off refused", {"color": style.REJECTED, "penwidth": "1.5"}),
    LegendEntry(
        "COLD TRANSFER: the citizen carried themselves",
        {"color": style.COLD_TRANSFER, "style": "dotted", "penwidth": "2.5"},
    ),
    LegendEntry(
        "facts the citizen had already given to another body",
        {"color": style.MUTED, "penwidth": "1", "arrowhead": "none"},
        head={
            "shape": "box",
            "label": dot_label("ASKS AGAIN (re-ask):"),
            "style": "rounded,filled",
            "fillcolor": style.REASK_FILL,
            "color": style.REASK,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
)


class _TimelineBuilder:
    """Collects steps and lines, then writes them into a graph in a fixed order."""

    def __init__(self, catalogue: Catalogue, lanes: dict[str, Lane]) -> None:
        self._catalogue = catalogue
        self._lanes = lanes
        self._steps: list[_Step] = []
        self._lines: list[_Line] = []
        self._sent: dict[str, _Step] = {}
        self._answered: dict[str, _Step] = {}
        self._open_cases: dict[tuple[str, str], _Step] = {}
        self._last_touchpoint: _Step | None = None
        self._end: _Step | None = None

    # --- events -------------------------------------------------------------------

    def _name(self, body: str) -> str:
        return self._catalogue[body].name

    def _add(
        self,
        step_id: str,
        lane: Lane,
        event: Journey.Event | None,
        at: datetime,
        body: str | None,
        lines: list[str],
        **attributes: str,
    ) -> _Step:
        step = _Step(
            step_id,
            lane,
            at,
            body,
            event,
            tuple(lines),
            tuple(sorted(attributes.items())),
        )
        self._steps.append(step)
        return step

    def add_event(self, step_id: str, event: Journey.Event) -> None:
        """Add the node for ``event`` (every journey event has one)."""
        when = format_moment(event.occurred_at)
        if isinstance(event, Journey.Started):
            self._add(
                step_id,
                CITIZEN_LANE,
                event,
                event.occurred_at,
                None,
                ["Life event", *wrap(event.trigger, _WRAP), when],
                shape="box",
                style="rounded,filled,bold",
                fillcolor="white",
            )
        elif isinstance(event, Journey.InformationProvided):
            self._add(
                step_id,
                CITIZEN_LANE,
                event,
                event.occurred_at,
                event.body,
                [
                    *wrap(f"Tells {self._name(event.body)}:", _WRAP),
                    *wrap(", ".join(sorted(event.items)), _WRAP),
                    when,
                ],
                shape="note",
                style="filled",
                fillcolor="white",
            )
        elif isinstance(event, Journey.Ended):
            self._end = self._add(
                step_id,
                CITIZEN_LANE,
                event,
                event.occurred_at,
                None,
                ["Journey ends", *wrap(event.outcome, _WRAP), when],
                shape="box",
                style="rounded,filled,bold",
                fillcolor="white",
            )
        elif isinstance(event, Journey.CaseOpened):
            step = self._body_step(
                step_id, event, event.body, [f"opens: {event.service}"], shape="box"
            )
            self._open_cases[(event.body, event.service)] = step
            self._last_touchpoint = None
        elif isinstance(event, Journey.CaseClosed):
            step = self._body_step(
                step_id,
                event,
                event.body,
                [f"closes: {event.service}", f"({event.outcome})"],
                shape="box",
            )
            opened = self._open_cases.pop((event.body, event.service), None)
            if opened is not None:
                self._held(opened, step)
        elif isinstance(event, Journey.Touchpoint):
            step = self._body_step(step_id, event, event.body, [event.activity], shape="ellipse")
            previous = self._last_touchpoint
            if previous is not None and previous.body == event.body:
                self._held(previous, step)
            self._last_touchpoint = step
        elif isinstance(event, Journey.InformationRequested):
            self._body_step(
                step_id,
                event,
                event.body,
                ["asks for:", ", ".join(sorted(event.items))],
                shape="box",
            )
        elif isinstance(event, Journey.HandoffSent):
            carrying = [f"carrying: {', '.join(sorted(event.items))}"] if event.items else []
            self._sent[event.handoff] = self._body_step(
                step_id,
                event,
                event.from_body,
                [f"hands off to {self._name(event.to_body)}", *carrying],
                shape="box",
                peripheries="2",
            )
        elif isinstance(event, Journey.HandoffAccepted):
            sent = self._sent[event.handoff]
            assert isinstance(sent.event, Journey.HandoffSent)
            self._answered[event.handoff] = self._body_step(
                step_id,
                event,
                sent.event.to_body,
                [f"accepts hand-off from {self._name(sent.event.from_body)}"],
                shape="box",
            )
        elif isinstance(event, Journey.HandoffRejected):
            sent = self._sent[event.handoff]
            assert isinstance(sent.event, Journey.HandoffSent)
            self._answered[event.handoff] = self._body_step(
                step_id,
                event,
                sent.event.to_body,
                [f"refuses hand-off: {event.reason}"],
                shape="box",
                color=style.REJECTED,
                penwidth="2",
            )
        else:  # pragma: no cover - every journey event class is handled above
            raise RenderError(f"not a journey event: {event!r}")

    def _body_step(
        self,
        step_id: str,
        event: Journey.Event,
        body: str,
        what: list[str],
        **attributes: str,
    ) -> _Step:
        lane = self._lanes[body]
        assert lane.tier is not None
        defaults = {
            "style": "rounded,filled" if attributes.get("shape") == "box" else "filled",
            "fillcolor": "white",
            "color": style.TIER_INKS[lane.tier],
        }
        lines = [*wrap(self._name(body), _WRAP)]
        for text in what:
            lines.extend(wrap(text, _WRAP))
        lines.append(format_moment(event.occurred_at))
        return self._add(
            step_id, lane, event, event.occurred_at, body, lines, **{**defaults, **attributes}
        )

    def _held(self, start: _Step, end: _Step) -> None:
        self._lines.append(
            _Line(
                start.id,
                end.id,
                _sorted(
                    color=style.MUTED,
                    penwidth="2",
                    arrowhead="none",
                    label=dot_label(f"held {human_duration(_seconds(start.at, end.at))}"),
                    fontcolor=style.MUTED,
                ),
            )
        )

    def add_still_open(self, last_at: datetime, as_of: datetime | None) -> None:
        """Mark the journey as not ended: as of ``as_of``, or at its last event."""
        at = as_of if as_of is not None else last_at
        lines = ["Still open", f"as of {format_moment(at)}"]
        self._end = self._add(
            "open",
            CITIZEN_LANE,
            None,
            at,
            None,
            lines,
            shape="box",
            style="rounded,dashed,bold",
        )

    # --- findings -----------------------------------------------------------------

    def add_findings(self, findings: Sequence[Finding]) -> None:
        """Draw each finding as its mark (see the module docstring)."""
        dropped = 0
        # Cold transfers last: one that shares its steps with unheld time adds its
        # text to the red line's label (see _between).
        for finding in sorted(findings, key=lambda f: f.kind is FindingKind.COLD_TRANSFER):
            if finding.kind is FindingKind.HANDOFF_LATENCY:
                self._handoff_line(
                    finding,
                    f"hand-off · {human_duration(finding.duration_seconds)}",
                    color=style.HANDOFF,
                    penwidth="1.5",
                )
            elif finding.kind is FindingKind.REJECTED_HANDOFF:
                self._handoff_line(
                    finding,
                    f"refused after {human_duration(finding.duration_seconds)}",
                    color=style.REJECTED,
                    penwidth="1.5",
                )
            elif finding.kind is FindingKind.DROPPED_HANDOFF:
                dropped += 1
                self._dropped(f"dropped{dropped}", finding)
            elif finding.kind is FindingKind.UNHELD_TIME:
                self._between(
                    finding,
                    f"UNHELD {human_duration(finding.duration_seconds)}",
                    color=style.GAP,
                    fontcolor=style.GAP,
                    style="dashed",
                    penwidth="2.5",
                )
            elif finding.kind is FindingKind.COLD_TRANSFER:
                self._between(
                    finding,
                    "COLD TRANSFER",
                    color=style.COLD_TRANSFER,
                    fontcolor=style.COLD_TRANSFER,
                    style="dotted",
                    penwidth="2.5",
                )
            elif finding.kind is FindingKind.REASK:
                self._reask(finding)

    def _handoff_line(self, finding: Finding, label: str, **attributes: str) -> None:
        assert finding.handoff is not None
        sent = self._sent[finding.handoff]
        answer = self._answered[finding.handoff]
        self._lines.append(_Line(sent.id, answer.id, _sorted(label=dot_label(label), **attributes)))

    def _dropped(self, step_id: str, finding: Finding) -> None:
        assert finding.handoff is not None
        assert finding.to_body is not None
        sent = self._sent[finding.handoff]
        lane = self._lanes[finding.to_body]
        no_response = self._add(
            step_id,
            lane,
            None,
            finding.end,
            finding.to_body,
            [
                "NO RESPONSE",
                *wrap(f"from {self._name(finding.to_body)}", _WRAP),
                f"by {format_moment(finding.end)}",
            ],
            shape="octagon",
            style="filled",
            fillcolor=style.NO_RESPONSE_FILL,
            color=style.GAP,
            fontcolor=style.GAP,
            penwidth="2.5",
        )
        self._lines.append(
            _Line(
                sent.id,
                no_response.id,
                _sorted(
                    label=dot_label(f"no answer in {human_duration(finding.duration_seconds)}"),
                    color=style.GAP,
                    fontcolor=style.GAP,
                    penwidth="2.5",
                ),
            )
        )

    def _between(self, finding: Finding, label: str, **attributes: str) -> None:
        tail = self._last_hold_before(finding.from_body, finding.start)
        head = self._first_hold_after(finding.to_body, finding.end)
        for index, line in enumerate(self._lines):
            if (line.tail, line.head) == (tail.id, head.id) and "label" in dict(line.attributes):
                # Two marks between the same steps (unheld time that was also a cold
                # transfer): dot would print both labels in one place, so the first
                # line carries both texts and the second is drawn unlabelled.
                merged = dict(line.attributes)
                merged["label"] = merged["label"] + "\\n" + dot_label(label)
                self._lines[index] = attrs.evolve(line, attributes=_sorted(**merged))
                self._lines.append(_Line(tail.id, head.id, _sorted(**attributes)))
                return
        self._lines.append(_Line(tail.id, head.id, _sorted(label=dot_label(label), **attributes)))

    def _reask(self, finding: Finding) -> None:
        request = next(
            step
            for step in self._steps
            if isinstance(step.event, Journey.InformationRequested)
            and step.body == finding.to_body
            and step.at == finding.end
        )
        assert finding.from_body is not None
        # The mark names what was asked again and where the citizen first gave it,
        # rather than a line back to that moment: such lines cross every lane.
        asked_again = wrap(f"ASKS AGAIN: {', '.join(finding.items)}", _WRAP) + wrap(
            f"(given to {self._name(finding.from_body)} {format_moment(finding.start)})",
            _WRAP,
        )
        marked = attrs.evolve(
            request,
            lines=(*request.lines[:-1], *asked_again, request.lines[-1]),
            attributes=_sorted(
                **{
                    **dict(request.attributes),
                    "fillcolor": style.REASK_FILL,
                    "color": style.REASK,
                    "fontcolor": style.INK,
                    "penwidth": "2.5",
                }
            ),
        )
        self._steps[self._steps.index(request)] = marked

    def _last_hold_before(self, body: str | None, at: datetime) -> _Step:
        """The step where ``body``'s hold ended at ``at`` (the start at a journey's edge)."""
        if body is None:
            return self._steps[0]
        candidates = [s for s in self._steps if s.body == body and s.at <= at and s.event]
        holding = [
            s
            for s in candidates
            if isinstance(s.event, Journey.CaseClosed | Journey.Touchpoint | Journey.CaseOpened)
        ]
        chosen = holding or candidates
        return chosen[-1] if chosen else self._steps[0]

    def _first_hold_after(self, body: str | None, at: datetime) -> _Step:
        """The step where ``body`` took the citizen on at ``at`` (the end at the edge)."""
        if body is None:
            return self._end if self._end is not None else self._steps[-1]
        for step in self._steps:
            if (
                step.body == body
                and step.at >= at
                and isinstance(step.event, Journey.CaseOpened | Journey.Touchpoint)
            ):
                return step
        return next(s for s in self._steps if s.body == body and s.at >= at)

    # --- drawing ------------------------------------------------------------------

    def _ordered_lanes(self) -> list[Lane]:
        return sorted({step.lane for step in self._steps} | {CITIZEN_LANE})

    def picture(self, title: str) -> Swimlanes:
        """The timeline as swimlanes: steps in time columns, lines between them."""
        columns = assign_time_columns(
            [TimedStep(step.id, step.lane.key, step.at) for step in self._steps],
            [(line.tail, line.head) for line in self._lines],
        )
        start = columns.spans[0][0]
        axis_labels = tuple(
            dot_label(
                format_moment(first),
                "start" if first == start else f"+{human_duration(_seconds(start, first))}",
            )
            for first, _ in columns.spans
        )
        gaps = tuple(
            dot_label(f"{human_duration(_seconds(before[1], after[0]))} later")
            if _seconds(before[1], after[0]) >= LONG_WAIT_SECONDS
            else None
            for before, after in itertools.pairwise(columns.spans)
        )
        nodes = tuple(
            LaneNode(
                step.id,
                step.lane,
                dot_label(*step.lines),
                step.attributes,
                columns.column_of[step.id],
            )
            for step in self._steps
        )
        return Swimlanes(
            title=title,
            lanes=tuple(self._ordered_lanes()),
            nodes=nodes,
            edges=tuple(LaneEdge(line.tail, line.head, line.attributes) for line in self._lines),
            legend=_LEGEND,
            axis=TimeAxis(axis_labels, gaps, "time (UTC)"),
        )


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


def _sorted(**attributes: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(attributes.items()))
