"""The ``Journey`` aggregate: one citizen's episode of need, as a stream of events.

A journey is opened by a life event (:class:`Journey.Started`) and records what
each body does with the citizen: cases opened and closed, point touchpoints,
facts given and asked for, and hand-offs sent, accepted or rejected, until it
ends. Every event carries ``occurred_at``, the real-world time it happened
(timezone-aware UTC); the event's ``timestamp`` is when it was recorded.

This module holds the aggregate's events (their stored topics name
``journeys.journey:Journey``), its start and its state; the commands that record
the events are mixed in from :mod:`journeys.journey_commands` and
:mod:`journeys.voice.commands`. Commands validate and normalise their arguments
first and only then trigger the event, so a refused command raises a
:class:`~journeys.errors.JourneyRuleError` and leaves the journey exactly as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import attrs
from eventsourcing.domain import Aggregate

from journeys.bodies import Nation, parse_nation
from journeys.errors import InvalidValueError
from journeys.journey_commands import JourneyCommands
from journeys.journey_ids import JOURNEY_NAMESPACE, journey_id
from journeys.journey_state import CaseKey, Handoff, HandoffStatus, JourneyState
from journeys.normalise import text, utc
from journeys.related import RelatedObject
from journeys.voice.commands import CitizenVoice

__all__ = [
    "JOURNEY_NAMESPACE",
    "CaseKey",
    "Handoff",
    "HandoffStatus",
    "Journey",
    "RelatedObject",
    "journey_id",
]


class Journey(JourneyState, JourneyCommands, CitizenVoice, Aggregate):
    """One citizen's journey through public services.

    Create one with :meth:`Journey.start`; then call the command methods, each of
    which records one event (:class:`~journeys.journey_commands.JourneyCommands`
    holds those of the journey's own steps, :class:`~journeys.voice.commands.CitizenVoice`
    the citizen's voice). Read the current state through the properties.
    """

    # --- events ---------------------------------------------------------------------

    class Event(Aggregate.Event):
        """Base class of journey events: all carry the real-world ``occurred_at``."""

        occurred_at: datetime

    class Started(Event, Aggregate.Created):
        """The life event that opens the journey."""

        citizen: str
        trigger: str
        nation: Nation

    class CaseOpened(Event):
        """A body takes the citizen on for a service (optionally via a hand-off).
        Version 2 added ``channel`` (:class:`~journeys.voice.Channel`): older events
        read ``None`` there."""

        class_version = 2

        body: str
        service: str
        via_handoff: str | None
        channel: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Read a version 1 case: it named no channel."""
            state.setdefault("channel", None)

        def apply(self, aggregate: Any) -> None:
            aggregate._open_cases[CaseKey(self.body, self.service)] = self.occurred_at
            aggregate._last_occurred_at = self.occurred_at

    class CaseClosed(Event):
        """A body's part ends."""

        body: str
        service: str
        outcome: str

        def apply(self, aggregate: Any) -> None:
            del aggregate._open_cases[CaseKey(self.body, self.service)]
            aggregate._last_occurred_at = self.occurred_at

    class Touchpoint(Event):
        """A point interaction with a body (what imported logs mostly hold), or with
        ``started_at`` an activity that ran from then until ``occurred_at``. Version 2
        added ``service``, version 3 ``started_at``: older events read ``None`` there.
        Version 4 added ``objects``, the other objects the event relates in an
        object-centric log (see :mod:`journeys.related`; not facts, and no gap rule
        reads them): older events read an empty set. Version 5 added ``channel``.
        """

        class_version = 5

        body: str
        activity: str
        service: str | None
        started_at: datetime | None
        objects: frozenset[RelatedObject]
        channel: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Read a version 1 touchpoint: it named no service."""
            # setdefault, not assignment: touchpoints stored before this class had a
            # class_version already carry a service and are read as version 1 too.
            state.setdefault("service", None)

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Read a version 2 touchpoint: an instantaneous one, with no start time."""
            state.setdefault("started_at", None)

        @staticmethod
        def upcast_v3_v4(state: dict[str, Any]) -> None:
            """Read a version 3 touchpoint: it related no other objects."""
            state.setdefault("objects", frozenset())

        @staticmethod
        def upcast_v4_v5(state: dict[str, Any]) -> None:
            """Read a version 4 touchpoint: it named no channel."""
            state.setdefault("channel", None)

        def apply(self, aggregate: Any) -> None:
            aggregate._last_occurred_at = self.occurred_at

    class InformationProvided(Event):
        """The citizen tells a body facts (``items`` are ids like ``date_of_death``)."""

        body: str
        items: frozenset[str]

        def apply(self, aggregate: Any) -> None:
            aggregate._last_occurred_at = self.occurred_at

    class InformationRequested(Event):
        """A body asks the citizen for facts."""

        body: str
        items: frozenset[str]

        def apply(self, aggregate: Any) -> None:
            aggregate._last_occurred_at = self.occurred_at

    class HandoffSent(Event):
        """A body passes the citizen (and facts) on to another body."""

        handoff: str
        from_body: str
        to_body: str
        items: frozenset[str]

        def apply(self, aggregate: Any) -> None:
            aggregate._handoffs[self.handoff] = Handoff(
                id=self.handoff,
                from_body=self.from_body,
                to_body=self.to_body,
                items=self.items,
                sent_at=self.occurred_at,
            )
            aggregate._last_occurred_at = self.occurred_at

    class HandoffAccepted(Event):
        """The receiving body accepts the hand-off."""

        handoff: str

        def apply(self, aggregate: Any) -> None:
            _answer(aggregate, self.handoff, HandoffStatus.ACCEPTED, self.occurred_at)

    class HandoffRejected(Event):
        """The receiving body refuses the hand-off."""

        handoff: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            _answer(aggregate, self.handoff, HandoffStatus.REJECTED, self.occurred_at)

    class FeedbackGiven(Event):
        """The citizen said how a touchpoint or service (``about``) at ``body`` felt:
        their ``answer`` on ``instrument`` and its ``score`` from -2 to +2 (``None``:
        an answer that scores nothing, like "don't know"). ``themes`` are theme ids,
        ``reference`` an optional opaque reference to the comment where it is kept:
        the citizen's own words are never stored in an event."""

        body: str
        about: str
        instrument: str
        answer: str
        score: float | None
        themes: frozenset[str]
        channel: str | None
        reference: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate._last_occurred_at = self.occurred_at

    class ComplaintMade(Event):
        """The citizen complained to ``body`` (``about`` a service or touchpoint).
        ``complaint`` is an id unique within the journey, used to resolve it."""

        complaint: str
        body: str
        about: str | None
        themes: frozenset[str]
        channel: str | None
        reference: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate._complaints[self.complaint] = None
            aggregate._last_occurred_at = self.occurred_at

    class ComplaintResolved(Event):
        """The body decided the complaint: ``outcome`` is ``upheld``,
        ``partially_upheld`` or ``not_upheld`` (:class:`~journeys.voice.ComplaintOutcome`)."""

        complaint: str
        outcome: str

        def apply(self, aggregate: Any) -> None:
            aggregate._complaints[self.complaint] = self.outcome
            aggregate._last_occurred_at = self.occurred_at

    class Ended(Event):
        """The journey is over."""

        outcome: str

        def apply(self, aggregate: Any) -> None:
            aggregate._ended_at = self.occurred_at
            aggregate._outcome = self.outcome
            aggregate._last_occurred_at = self.occurred_at

    # --- construction -----------------------------------------------------------------

    def __init__(self, citizen: str, trigger: str, nation: Nation, occurred_at: datetime) -> None:
        self._citizen = citizen
        self._trigger = trigger
        self._nation = nation
        self._started_at = occurred_at
        self._last_occurred_at = occurred_at
        self._open_cases: dict[CaseKey, datetime] = {}
        self._handoffs: dict[str, Handoff] = {}
        self._ended_at: datetime | None = None
        self._outcome: str | None = None
        self._complaints: dict[str, str | None] = {}

    @classmethod
    def start(
        cls,
        *,
        citizen: str,
        trigger: str,
        nation: Nation | str,
        occurred_at: datetime,
        id: UUID | None = None,
    ) -> Journey:
        """Open a journey for ``citizen`` (a pseudonymous reference) on a life event.

        ``id`` defaults to a random UUID; pass :func:`journey_id` for imported data.
        """
        if isinstance(nation, str):
            try:
                nation = parse_nation(nation)
            except ValueError as error:
                raise InvalidValueError(str(error)) from None
        elif not isinstance(nation, Nation):
            raise InvalidValueError(f"nation must be a Nation, got {nation!r}")
        if id is not None and not isinstance(id, UUID):
            raise InvalidValueError(f"journey id must be a UUID, got {id!r}")
        return cls._create(
            cls.Started,
            id=id or uuid4(),
            citizen=text("citizen", citizen),
            trigger=text("trigger", trigger),
            nation=nation,
            occurred_at=utc("occurred_at", occurred_at),
        )


def _answer(aggregate: Any, handoff: str, status: HandoffStatus, at: datetime) -> None:
    """Apply an answer to ``handoff``: it is ``status`` from ``at``."""
    sent = aggregate._handoffs[handoff]
    aggregate._handoffs[handoff] = attrs.evolve(sent, status=status, answered_at=at)
    aggregate._last_occurred_at = at
