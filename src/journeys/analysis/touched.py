"""What a batch of events touches: its journeys, and the lives of their citizens.

The tracked projection loads the folds of exactly these before folding a batch
(journey folds of open journeys, citizen folds of the lives concerned) and saves
them after, in the same transaction as its position.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from uuid import UUID

from journeys.analysis.fold import JourneyFold
from journeys.journey import Journey
from journeys.life import life_id


def journeys_of(events: Sequence[Journey.Event]) -> set[UUID]:
    """The journeys of ``events``, hashing one id per run of consecutive events (UUIDs
    hash in Python, and a journey's events mostly come together)."""
    journeys: set[UUID] = set()
    previous: int | None = None
    for event in events:
        key = event.originator_id.int
        if key != previous:
            journeys.add(event.originator_id)
            previous = key
    return journeys


def lives_of(
    events: Sequence[Journey.Event], journeys: Collection[UUID], folds: Mapping[UUID, JourneyFold]
) -> set[UUID]:
    """The lives whose citizen folds ``events`` (of ``journeys``) change: those of the
    open journeys they continue (``folds``) and those of the journeys they start."""
    lives = {
        life
        for journey in journeys
        if (fold := folds.get(journey)) is not None and (life := fold.life) is not None
    }
    started = Journey.Started
    lives.update(life_id(event.citizen) for event in events if isinstance(event, started))
    return lives
