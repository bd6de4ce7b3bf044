"""Finding the journey a feedback row names, for a whole file at once.

A feedback row names its journey as :func:`~journeys.journey_refs.resolve_journey`
reads a reference: the journey's id, ``source:case`` of the log it was imported
from, or the bare case id. Resolving each row alone would read the store's
journey starts once per row; :class:`JourneyIndex` reads them once per file.
Journeys of erased citizens cannot be read, so they are not found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.utils import get_topic

from journeys.journey import Journey
from journeys.journey_refs import imported_case

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["JourneyIndex"]


class JourneyIndex:
    """The store's journeys by id, by ``source:case`` and by case id."""

    def __init__(self, app: JourneyApp) -> None:
        self.ids: set[UUID] = set()
        self.refs: dict[str, UUID] = {}
        self.cases: dict[str, set[UUID]] = {}
        for _, event in app.read_events(topics=(get_topic(Journey.Started),)):
            assert isinstance(event, Journey.Started)
            self.ids.add(event.originator_id)
            ref = imported_case(event.citizen, event.originator_id)
            if ref is not None:
                self.refs[str(ref)] = event.originator_id
                self.cases.setdefault(ref.case, set()).add(event.originator_id)

    def find(self, reference: str) -> UUID | tuple[str, ...] | None:
        """The journey ``reference`` names; the ``source:case`` choices when a bare
        case id names journeys of several logs; ``None`` when nothing matches."""
        text = reference.strip()
        try:
            as_id = UUID(text)
        except ValueError:
            as_id = None
        if as_id is not None and as_id in self.ids:
            return as_id
        if text in self.refs:
            return self.refs[text]
        found = self.cases.get(text, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            return tuple(sorted(ref for ref, id_ in self.refs.items() if id_ in found))
        return None
