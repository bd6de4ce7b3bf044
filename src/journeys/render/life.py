"""``render_life``: one citizen's journeys along one time axis, cradle to grave.

The picture is the lifeline of :mod:`journeys.render.life_marks` on the broken
axis of :mod:`journeys.render.life_axis`: a band per journey in the citizen's
lane (its life event, dates and nation), the journey's steps at each tier's
bodies in the tier lanes, and its findings marked. The findings are those of
an :func:`~journeys.analysis.analyse` — passed in or found here — drawn by kind,
so a kind added to the analysis is drawn with no change here; a finding that
reaches outside its journey (a fact asked for again years after it was given,
time between two journeys) is a line between the moments it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from journeys.analysis import Finding, analyse
from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.errors import JourneyNotFoundError, RenderError
from journeys.journey import Journey
from journeys.render import style
from journeys.render.escaping import dot_left_label
from journeys.render.life_marks import LifeJourney, life_picture
from journeys.render.life_picture import draw_life_picture

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph


def no_life_error(citizen: str) -> JourneyNotFoundError:
    """The error for a citizen reference with no readable journey: it names the
    reference, says why there may be none, and how to list the store's journeys."""
    error = JourneyNotFoundError(citizen)
    error.args = (
        f"no journeys of citizen {citizen!r} are in the store (none was recorded, or "
        "the citizen was erased): `journeys list` lists the store's journeys",
    )
    return error


def render_life(
    source: JourneyApp | Iterable[Journey.Event],
    citizen: str,
    *,
    catalogue: Catalogue | None = None,
    findings: Iterable[Finding] | None = None,
    as_of: datetime | None = None,
    title: str | None = None,
) -> JourneyGraph:
    """Draw the journeys of ``citizen`` along one time axis, with their findings.

    ``source`` is a :class:`~journeys.JourneyApp` (the citizen's journeys are
    ``app.life(citizen)``) or journey events of any journeys (those whose
    ``Started`` names ``citizen`` are drawn). ``catalogue`` names the bodies and
    places them in tier lanes (default: the app's, else the bundled UK
    catalogue). ``findings`` are the findings to mark — any analysis's, those of
    other journeys are left out; without them the citizen's journeys are analysed
    here, with ``as_of``. ``as_of`` is also where a journey that has not ended
    stops. ``title`` replaces the default title.

    Raises:
        JourneyNotFoundError: if no journey of ``citizen`` can be read (none was
            recorded, or the citizen was erased); ``journey_id`` is the reference.
        ErasedError: if a journey of the life belongs to an erased citizen.
        RenderError: if ``citizen`` is empty or ``as_of`` is naive.
        UnknownBodyError: if a body is not in the catalogue.
    """
    if not isinstance(citizen, str) or not citizen.strip():
        raise RenderError(f"render_life needs a citizen reference, got {citizen!r}")
    if as_of is not None and (not isinstance(as_of, datetime) or as_of.utcoffset() is None):
        raise RenderError(f"as_of must be a timezone-aware datetime, got {as_of!r}")
    if isinstance(source, JourneyApp):
        if catalogue is None:
            catalogue = source.catalogue
        ids = [journey.id for journey in source.life(citizen)]
        event_lists = [source.journey_events(journey_id) for journey_id in ids]
    else:
        event_lists = _journeys_of(source, citizen)
    if not event_lists:
        raise no_life_error(citizen)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    journeys = [LifeJourney.of(events, as_of) for events in event_lists]
    journeys.sort(key=lambda journey: (journey.start, str(journey.id)))
    if findings is None:
        every_event = [event for events in event_lists for event in events]
        findings = analyse(every_event, catalogue=catalogue, as_of=as_of).findings
    ids_drawn = {journey.id for journey in journeys}
    own = sorted((f for f in findings if f.journey in ids_drawn), key=Finding.sort_key)

    from journeys.render.graph import new_graph

    graph = new_graph("life", fontsize=style.TITLE_FONT_SIZE)
    shown = title if title is not None else _default_title(citizen, journeys)
    draw_life_picture(graph, life_picture(journeys, own, catalogue, dot_left_label(shown)))
    return graph


def _journeys_of(events: Iterable[Journey.Event], citizen: str) -> list[list[Journey.Event]]:
    """The events of each journey of ``citizen`` among ``events``, by journey."""
    by_journey: dict[UUID, list[Journey.Event]] = {}
    for event in events:
        by_journey.setdefault(event.originator_id, []).append(event)
    chosen = []
    for journey_events in by_journey.values():
        first = journey_events[0]
        if not isinstance(first, Journey.Started):
            raise RenderError(
                f"render_life needs each journey's events from its start; journey "
                f"{first.originator_id} begins with {type(first).__name__}, not Started"
            )
        if first.citizen == citizen:
            chosen.append(journey_events)
    return chosen


def _default_title(citizen: str, journeys: list[LifeJourney]) -> str:
    first = journeys[0].start.year
    last = max(journey.end for journey in journeys).year
    years = f"{first}" if first == last else f"{first} to {last}"
    count = f"{len(journeys)} journey{'s' if len(journeys) != 1 else ''}"
    return f"Life of citizen {citizen} · {count} · {years} (times in UTC)"
