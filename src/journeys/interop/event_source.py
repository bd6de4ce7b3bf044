"""Where writers read journey events from: a store, or any iterable of events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from uuid import UUID

from journeys.application import JourneyApp
from journeys.journey import Journey

JourneySource = JourneyApp | Iterable[Journey.Event]
"""A :class:`~journeys.application.JourneyApp` (every recorded journey) or journey events."""


def flat_events(source: JourneySource) -> Iterator[Journey.Event]:
    """Every event of ``source``, each journey's events in order (journeys may interleave)."""
    if isinstance(source, JourneyApp):
        for _, event in source.read_events():
            yield event
    else:
        yield from source


def journey_histories(source: JourneySource) -> Iterator[list[Journey.Event]]:
    """The events of ``source`` journey by journey.

    A store is read one journey at a time. Events given as an iterable are
    grouped in memory, journeys in order of first appearance.
    """
    if isinstance(source, JourneyApp):
        for journey in source.journey_ids():
            yield source.journey_events(journey)
        return
    grouped: dict[UUID, list[Journey.Event]] = {}
    for event in source:
        grouped.setdefault(event.originator_id, []).append(event)
    yield from grouped.values()
