"""A citizen's cradle-to-grave life: the ordered set of their journeys.

``Life`` is an index aggregate, one per pseudonymous citizen reference, with a
deterministic id. :class:`~journeys.application.JourneyApp` records a journey's
start and its entry in the citizen's life in one transaction; :class:`LifeIndex`
is how it finds those entries and reads a life back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from journeys.errors import ErasedError
from journeys.journey import Journey

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder

    from journeys.privacy.mapper import SealingMapper

__all__ = ["LIFE_NAMESPACE", "Life", "life_id"]

LIFE_NAMESPACE = UUID("0b5a3f0e-7c51-5d2e-a8f4-2e6c9d1b7a30")
"""Namespace of deterministic life ids (:func:`life_id`)."""


def life_id(citizen: str) -> UUID:
    """The id of the :class:`Life` of ``citizen``."""
    return uuid5(LIFE_NAMESPACE, citizen)


class Life(Aggregate):
    """The journeys of one citizen, ordered by when they started."""

    class Begun(Aggregate.Created):
        """The first journey of this citizen was recorded."""

        citizen: str

    class JourneyAdded(Aggregate.Event):
        """A journey of this citizen was recorded."""

        journey_id: UUID
        started_at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate._journeys.append((self.started_at, self.journey_id))
            aggregate._journeys.sort()

    def __init__(self, citizen: str) -> None:
        self._citizen = citizen
        self._journeys: list[tuple[datetime, UUID]] = []

    @classmethod
    def begin(cls, citizen: str) -> Life:
        """Open the life of ``citizen``."""
        return cls._create(cls.Begun, id=life_id(citizen), citizen=citizen)

    def add_journey(self, journey_id: UUID, started_at: datetime) -> None:
        """Add a journey (idempotent: a journey already listed is not added twice)."""
        if journey_id not in self.journey_ids:
            self.trigger_event(self.JourneyAdded, journey_id=journey_id, started_at=started_at)

    @classmethod
    def next_entry(
        cls, citizen: str, version: int, journey_id: UUID, started_at: datetime
    ) -> Life.JourneyAdded:
        """The ``JourneyAdded`` event at ``version`` of an existing life, made without
        loading the life (:meth:`LifeIndex.entries` uses it for bulk loads)."""
        # eventsourcing's metaclass makes each event a dataclass, which mypy cannot see.
        return cls.JourneyAdded(  # type: ignore[call-arg]
            originator_id=life_id(citizen),
            originator_version=version,
            timestamp=cls.JourneyAdded.create_timestamp(),
            journey_id=journey_id,
            started_at=started_at,
        )

    @property
    def citizen(self) -> str:
        """The pseudonymous citizen reference."""
        return self._citizen

    @property
    def journey_ids(self) -> list[UUID]:
        """The citizen's journeys, earliest start first."""
        return [journey_id for _, journey_id in self._journeys]


class LifeIndex:
    """The lives of one store, as its app extends and reads them.

    ``recorder`` and ``mapper`` are the app's: lives are read event by event,
    never loaded whole, so that a bulk load of many journeys of many citizens
    reads one event per citizen.
    """

    def __init__(self, recorder: AggregateRecorder, mapper: SealingMapper) -> None:
        self.recorder = recorder
        self.mapper = mapper

    def entries(self, journeys: Iterable[Journey]) -> list[Life | Life.JourneyAdded]:
        """What the journeys starting in a save add to their citizens' lives.

        An existing life gets a ``JourneyAdded`` event at its next version, found by
        reading only its latest event; a citizen seen for the first time gets a new
        :class:`Life`. Save the entries with the journeys, in one transaction.
        """
        entries: list[Life | Life.JourneyAdded] = []
        new_lives: dict[str, Life] = {}
        versions: dict[str, int] = {}
        for journey in journeys:
            if not any(isinstance(e, Journey.Started) for e in journey.pending_events):
                continue
            citizen = journey.citizen
            if citizen not in new_lives and citizen not in versions:
                latest = self.recorder.select_events(life_id(citizen), desc=True, limit=1)
                if latest:
                    versions[citizen] = latest[0].originator_version
                else:
                    new_lives[citizen] = Life.begin(citizen)
                    entries.append(new_lives[citizen])
            if citizen in new_lives:
                new_lives[citizen].add_journey(journey.id, journey.started_at)
                continue
            versions[citizen] += 1
            entries.append(
                Life.next_entry(citizen, versions[citizen], journey.id, journey.started_at)
            )
        return entries

    def journey_ids(self, citizen: str) -> list[UUID]:
        """The ids of the citizen's journeys, earliest start first (empty if none).

        Entries made before an erasure of the citizen cannot be read and are left out.
        """
        index = life_id(citizen)
        started: dict[UUID, datetime] = {}
        with self.mapper.keys_for((index,)):
            for stored in self.recorder.select_events(index):
                try:
                    event = self.mapper.to_domain_event(stored)
                except ErasedError:
                    continue
                if isinstance(event, Life.JourneyAdded):
                    started.setdefault(event.journey_id, event.started_at)
        return sorted(started, key=lambda journey: (started[journey], journey))
