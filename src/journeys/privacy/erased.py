"""Counting what readers skip because a citizen was erased."""

from __future__ import annotations

from uuid import UUID


class ErasedJourneys:
    """The journeys a reader skipped because their citizen was erased.

    Pass one to :meth:`~journeys.JourneyApp.read_events` (``erased=``); it
    collects the ids of the journeys whose events it could not read, and counts
    those events. :func:`~journeys.analyse` reports the number in
    :attr:`~journeys.Analysis.journeys_erased`.
    """

    def __init__(self) -> None:
        self.ids: set[UUID] = set()
        """The ids of the erased journeys met so far."""
        self.events = 0
        """How many of their events were skipped."""

    def add(self, journey_id: UUID) -> None:
        """Record one skipped event of ``journey_id``."""
        self.ids.add(journey_id)
        self.events += 1

    @property
    def journeys(self) -> int:
        """How many erased journeys were met."""
        return len(self.ids)

    def __repr__(self) -> str:
        return f"ErasedJourneys(journeys={self.journeys}, events={self.events})"
