"""``render_timeline``: one journey as a swimlane picture, gaps impossible to miss.

Time runs left to right in columns that are not to scale: a lane's later event
is always further right, and every line runs rightwards, but events in lanes
that nothing ties together share a column (see :mod:`journeys.render.time_columns`);
the axis over the columns gives their dates and the long waits between them.
Each node carries its own date. The citizen's lane is on top — the life event, the facts they gave,
how the journey ended — then one lane per tier (split by nation when the bodies
serve no nation in common). Cases, touchpoints, requests and hand-offs are nodes
with their dates (:mod:`journeys.render.timeline_steps`); a case's span and a run
of touchpoints are grey lines (held).

The gaps are the findings of the :func:`~journeys.analysis.analyse` of the
journey — passed in, or analysed here — never rules of the picture's own; each is
drawn as its mark (:mod:`journeys.render.timeline_findings`). A legend beside or
under the lanes explains every mark (:mod:`journeys.render.timeline_picture`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from journeys.analysis import Finding, analyse
from journeys.bodies import Catalogue
from journeys.errors import RenderError
from journeys.journey import Journey
from journeys.render import style
from journeys.render.dates import format_moment
from journeys.render.escaping import dot_label
from journeys.render.lanes import body_lanes
from journeys.render.swimlanes import draw_swimlanes
from journeys.render.timeline_findings import draw_findings
from journeys.render.timeline_picture import timeline_picture
from journeys.render.timeline_steps import TimelineSteps, event_type

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph


def render_timeline(
    events: Iterable[Journey.Event],
    *,
    catalogue: Catalogue | None = None,
    as_of: datetime | None = None,
    title: str | None = None,
    findings: Iterable[Finding] | None = None,
) -> JourneyGraph:
    """Draw one journey's events as a swimlane timeline with its gaps marked.

    ``events`` are one journey's events in order (``app.journey_events(id)``).
    ``catalogue`` names the bodies and places them in tier lanes (default: the
    bundled UK catalogue). ``findings`` are the gaps to draw: the findings of an
    :class:`~journeys.analysis.Analysis` that covered this journey (those of other
    journeys are left out, so ``analysis.findings`` will do). Without them the
    journey is analysed here, with :func:`~journeys.analysis.analyse` and
    ``as_of``. ``as_of`` is when a journey that has not ended was closed, as
    ``analyse`` does it: unanswered hand-offs become "no response" and trailing
    unheld time is drawn up to it; with ``findings``, pass the ``as_of`` they
    were found with. ``title`` replaces the default title.

    Returns a ``graphviz.Digraph`` (shown inline in a notebook); write it with
    :func:`~journeys.render.write_graph`.

    Raises:
        RenderError: if ``events`` are empty, do not start with ``Started``, belong
            to more than one journey or include an event of an unregistered class;
            with ``findings``, if ``as_of`` is naive or before the last event of a
            journey that has not ended.
        AnalysisError: without ``findings``, if the journey cannot be analysed as
            asked (for example an ``as_of`` too early).
        UnknownBodyError: if a body is not in the catalogue.
    """
    journey_events = list(events)
    _check_one_journey(journey_events)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    started = journey_events[0]
    assert isinstance(started, Journey.Started)
    ended = isinstance(journey_events[-1], Journey.Ended)
    if findings is None:
        findings = analyse(journey_events, catalogue=catalogue, as_of=as_of).findings
    else:
        _check_as_of(as_of, journey_events[-1], ended=ended)
    own = sorted((f for f in findings if f.journey == started.originator_id), key=Finding.sort_key)

    body_ids = sorted(
        {body for event in journey_events for body in event_type(event).bodies(event)}
    )
    steps = TimelineSteps(catalogue, body_lanes(catalogue[body] for body in body_ids))
    for index, event in enumerate(journey_events, start=1):
        steps.add_event(f"e{index}", event)
    if not ended:
        steps.add_still_open(journey_events[-1].occurred_at, as_of)
    draw_findings(steps, own)

    from journeys.render.graph import new_graph

    graph = new_graph("timeline", fontsize=style.TITLE_FONT_SIZE)
    shown_title = title if title is not None else _default_title(started, journey_events)
    draw_swimlanes(graph, timeline_picture(steps, dot_label(shown_title)))
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


def _check_as_of(as_of: datetime | None, last: Journey.Event, *, ended: bool) -> None:
    """The checks ``analyse`` makes of ``as_of``, for findings made elsewhere: the
    "still open" mark is drawn at it, so it must be comparable and not go back."""
    if as_of is None:
        return
    if not isinstance(as_of, datetime) or as_of.utcoffset() is None:
        raise RenderError(f"as_of must be a timezone-aware datetime, got {as_of!r}")
    if not ended and as_of < last.occurred_at:
        raise RenderError(
            f"as_of {as_of.isoformat()} is before the latest event of open journey "
            f"{last.originator_id} ({last.occurred_at.isoformat()})"
        )


def _default_title(started: Journey.Started, events: Sequence[Journey.Event]) -> str:
    last = events[-1]
    until = format_moment(last.occurred_at) if isinstance(last, Journey.Ended) else "open"
    return (
        f"Journey {started.originator_id} · citizen {started.citizen} · "
        f"{started.trigger} · {format_moment(started.occurred_at)} to {until} (times in UTC)"
    )
