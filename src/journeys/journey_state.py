"""What a journey knows of itself now: its cases, its hand-offs and where it stands.

:class:`JourneyState` holds the read side of :class:`~journeys.journey.Journey`
(the aggregate adds the events and the commands that record them);
:class:`Handoff` and :class:`CaseKey` are the values it answers with.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from journeys.bodies import Nation


class HandoffStatus(enum.StrEnum):
    """Where a hand-off stands."""

    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@attrs.frozen
class Handoff:
    """A hand-off as the journey knows it now."""

    id: str
    from_body: str
    to_body: str
    items: frozenset[str]
    sent_at: datetime
    status: str = HandoffStatus.SENT
    answered_at: datetime | None = None


@attrs.frozen(order=True)
class CaseKey:
    """A case is identified within a journey by its body and service."""

    body: str
    service: str


class JourneyState:
    """The state of a journey, as its events left it (read through the properties)."""

    _citizen: str
    _trigger: str
    _nation: Nation
    _started_at: datetime
    _last_occurred_at: datetime
    _open_cases: dict[CaseKey, datetime]
    _handoffs: dict[str, Handoff]
    _ended_at: datetime | None
    _outcome: str | None
    _complaints: dict[str, str | None]

    @property
    def complaints(self) -> dict[str, str | None]:
        """Each complaint made in the journey, by id, with its outcome (``None``: not
        yet resolved)."""
        return dict(self._complaints)

    @property
    def citizen(self) -> str:
        """The pseudonymous citizen reference."""
        return self._citizen

    @property
    def trigger(self) -> str:
        """The life event that opened the journey (``"death"``, ``"birth"`` ...)."""
        return self._trigger

    @property
    def nation(self) -> Nation:
        """The nation the citizen lived in when the journey started."""
        return self._nation

    @property
    def started_at(self) -> datetime:
        """When the life event happened."""
        return self._started_at

    @property
    def last_occurred_at(self) -> datetime:
        """The ``occurred_at`` of the latest event."""
        return self._last_occurred_at

    @property
    def ended_at(self) -> datetime | None:
        """When the journey ended, or ``None`` while it is open."""
        return self._ended_at

    @property
    def outcome(self) -> str | None:
        """How the journey ended, or ``None`` while it is open."""
        return self._outcome

    @property
    def is_ended(self) -> bool:
        """Whether the journey has ended."""
        return self._ended_at is not None

    @property
    def open_cases(self) -> frozenset[CaseKey]:
        """The cases open now."""
        return frozenset(self._open_cases)

    @property
    def handoffs(self) -> dict[str, Handoff]:
        """Every hand-off sent in this journey, by id (a copy)."""
        return dict(self._handoffs)

    def unanswered_handoffs(self) -> list[Handoff]:
        """Hand-offs sent and not yet accepted or rejected, in the order sent."""
        return [h for h in self._handoffs.values() if h.status == HandoffStatus.SENT]
