"""The read side of :class:`~journeys.application.JourneyApp`: journeys by id, a
citizen's journeys, the events in the order recorded, the store's position.

:class:`JourneyReads` is the app's base (above :class:`~journeys.store.JourneyStore`,
which opens the store); the app adds recording, its constructors and erasure.
Every read goes through the citizen keys (``mapper_keys``), so an erased
citizen's journey raises :class:`~journeys.errors.ErasedError` or is skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from journeys.errors import JourneyNotFoundError
from journeys.event_registry import JOURNEY_EVENTS
from journeys.journey import Journey
from journeys.journey_refs import resolve_journey
from journeys.life import LifeIndex
from journeys.privacy.erased import ErasedJourneys
from journeys.privacy.linking import CitizenLinks
from journeys.reading import event_pages
from journeys.store import JourneyStore
from journeys.store_errors import translating

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["JourneyReads"]


class JourneyReads(JourneyStore):
    """The reads of a journey store (the base of :class:`~journeys.application.JourneyApp`,
    which sets up the citizen links and the life index they read through)."""

    _links: CitizenLinks
    _lives: LifeIndex

    def mapper_keys(self, aggregates: Collection[UUID]) -> AbstractContextManager[None]:
        """Fetch the citizen keys of ``aggregates`` in one query, for the reads and
        writes of the ``with`` block (a no-op without citizen keys)."""
        return self._links.keys_for(aggregates)

    @translating("read the journey")
    def get_journey(self, journey_id: UUID | str) -> Journey:
        """The journey with ``journey_id`` as it stands now.

        ``journey_id`` may also be text: the journey's UUID, or the case id (or
        ``source:case``) it was imported from (see :func:`resolve_journey`).
        Raises :class:`~journeys.errors.JourneyNotFoundError` if there is none, and
        :class:`~journeys.errors.ErasedError` if its citizen was erased.
        """
        journey_id = self._journey_id(journey_id)
        try:
            with self.mapper_keys((journey_id,)):
                journey: object = self.repository.get(journey_id)
        except AggregateNotFoundError:
            raise JourneyNotFoundError(journey_id) from None
        if not isinstance(journey, Journey):
            raise JourneyNotFoundError(journey_id)
        return journey

    @translating("read the journey")
    def has_journey(self, journey_id: UUID) -> bool:
        """Whether a journey with ``journey_id`` is recorded."""
        return bool(self.recorder.select_events(journey_id, limit=1))

    @translating("read the journey")
    def journey_events(self, journey_id: UUID | str) -> list[Journey.Event]:
        """The recorded events of one journey, in order (:class:`~journeys.errors.ErasedError`
        if its citizen was erased). ``journey_id`` is as for :meth:`get_journey`."""
        journey_id = self._journey_id(journey_id)
        with self.mapper_keys((journey_id,)):
            events = [e for e in self.events.get(journey_id) if isinstance(e, Journey.Event)]
        if not events:
            raise JourneyNotFoundError(journey_id)
        return events

    def _journey_id(self, journey: UUID | str) -> UUID:
        """``journey`` as a journey id: text is resolved (:func:`resolve_journey`)."""
        if isinstance(journey, UUID):
            return journey
        # Only a JourneyApp has these reads, and resolve_journey reads only through them.
        return resolve_journey(cast("JourneyApp", self), journey)

    @translating("read the citizen's journeys")
    def life(self, citizen: str) -> list[Journey]:
        """The citizen's journeys, earliest start first (empty if none are recorded).

        After the citizen was erased, only journeys recorded since are listed.
        """
        ordered = self._lives.journey_ids(citizen)
        return [self.get_journey(journey_id) for journey_id in ordered]

    def journey_ids(self) -> Iterator[UUID]:
        """The id of every recorded journey, in the order they were started."""
        for _, event in self.read_events(topics=(get_topic(Journey.Started),)):
            yield event.originator_id

    def read_events(
        self,
        *,
        after: int = 0,
        page_size: int = 2000,
        topics: tuple[str, ...] = JOURNEY_EVENTS.topics,
        erased: ErasedJourneys | None = None,
    ) -> Iterator[tuple[int, Journey.Event]]:
        """Every journey event after notification ``after``, with its notification id.

        Events come in the order they were recorded, which keeps each journey's
        events in version order. Events of erased citizens are skipped, and
        counted in ``erased`` when one is given.
        """
        pages = self.read_event_pages(
            after=after, page_size=page_size, topics=topics, erased=erased
        )
        for page in pages:
            yield from page

    def read_event_pages(
        self,
        *,
        after: int = 0,
        page_size: int = 2000,
        topics: tuple[str, ...] = JOURNEY_EVENTS.topics,
        erased: ErasedJourneys | None = None,
    ) -> Iterator[list[tuple[int, Journey.Event]]]:
        """:meth:`read_events` a page at a time: each page is a non-empty list of
        ``(notification id, event)`` pairs read in one query of up to ``page_size``
        notifications (fewer events when some were erased citizens')."""
        return event_pages(
            self.recorder,
            self._links.mapper,
            after=after,
            page_size=page_size,
            topics=topics,
            erased=erased,
        )

    @translating("read the store")
    def erasures(self) -> int:
        """How many erasures deleted something from this store (0 without citizen keys)."""
        return self._links.erasures()

    @translating("read the store")
    def max_position(self) -> int:
        """The notification id of the latest recorded event (0 when empty)."""
        return self.recorder.max_notification_id() or 0
