"""A citizen's cradle-to-grave life: the ordered set of their journeys.

``Life`` is an index aggregate, one per pseudonymous citizen reference, with a
deterministic id. :class:`~journeys.application.JourneyApp` records a journey's
start and its entry in the citizen's life in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

LIFE_NAMESPACE = UUID("0b5a3f0e-7c51-5d2e-a8f4-2e6c9d1b7a30")


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
        loading the life (``JourneyApp.save`` uses it for bulk loads)."""
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
