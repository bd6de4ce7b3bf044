"""Rebuild journeys from their events through the commands, optionally changed on the way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journeys import Journey
from journeys.event_registry import JOURNEY_EVENTS


def replay(
    events: Iterable[Journey.Event],
    *,
    rename: Callable[[str], str] = str,
    before: Callable[[Journey, Journey.Event], None] | None = None,
) -> Journey:
    """A new journey (same id) recorded through the commands from ``events``.

    ``rename`` maps every body id; ``before(journey, event)`` runs before each
    event after the first, so a test can slip commands in.
    """
    events = list(events)
    first = events[0]
    assert isinstance(first, Journey.Started)
    journey = Journey.start(
        citizen=first.citizen,
        trigger=first.trigger,
        nation=first.nation,
        occurred_at=first.occurred_at,
        id=first.originator_id,
    )
    for event in events[1:]:
        if before is not None:
            before(journey, event)
        event_type = JOURNEY_EVENTS.of(event)
        values = event_type.values(event)
        for name in event_type.body_fields:
            values[name] = rename(values[name])
        event_type.replay(journey, values, event.occurred_at)
    return journey
