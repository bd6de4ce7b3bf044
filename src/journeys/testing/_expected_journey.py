"""The ``JourneyMachine``'s own model of its journey: what it accepted, and what comes next.

:class:`ExpectedJourney` keeps, independently of the aggregate, the open cases,
the hand-offs sent and how each was answered, the latest time and whether the
journey has ended; from those it names the refusal each command must meet. The
machine checks the aggregate against it after every command.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from journeys.errors import (
    CaseAlreadyOpenError,
    DuplicateHandoffError,
    HandoffAlreadyAnsweredError,
    HandoffNotAcceptedError,
    JourneyEndedError,
    JourneyRuleError,
    SelfHandoffError,
    TimeWentBackwardsError,
    UnknownCaseError,
    UnknownComplaintError,
    UnknownHandoffError,
)
from journeys.journey import CaseKey, HandoffStatus

Refusal = type[JourneyRuleError] | None
"""The rule error a command must raise, or ``None`` when it must be accepted."""


class ExpectedJourney:
    """What the journey should hold after the accepted commands, and what it should refuse.

    Each ``*_refusal`` method checks in the aggregate's order: the end first, then
    the time, then the command's own arguments.

    Attributes:
        open_cases: the cases opened and not yet closed.
        handoffs: each hand-off sent, by id, as its ``(from_body, to_body)``.
        answered: the hand-offs accepted or rejected.
        accepted: the hand-offs accepted.
        complaints: each complaint made, by id, with its outcome once resolved.
        latest: the ``occurred_at`` of the latest event.
        ended: whether the journey has ended.
    """

    def __init__(self, start: datetime) -> None:
        self.open_cases: set[CaseKey] = set()
        self.handoffs: dict[str, tuple[str, str]] = {}
        self.answered: set[str] = set()
        self.accepted: set[str] = set()
        self.complaints: dict[str, str | None] = {}
        self.latest: datetime = start
        self.ended = False

    def at(self, hours: int) -> datetime:
        """The time ``hours`` after the latest event (before it, when negative)."""
        return self.latest + timedelta(hours=hours)

    def time_refusal(self, when: datetime) -> Refusal:
        """The refusal any command at ``when`` meets before its arguments are checked."""
        if self.ended:
            return JourneyEndedError
        if when < self.latest:
            return TimeWentBackwardsError
        return None

    def open_refusal(self, key: CaseKey, via_handoff: str | None, when: datetime) -> Refusal:
        """The refusal opening ``key`` at ``when``, perhaps via a hand-off, must meet."""
        if refusal := self.time_refusal(when):
            return refusal
        if key in self.open_cases:
            return CaseAlreadyOpenError
        if via_handoff is None:
            return None
        if via_handoff not in self.handoffs:
            return UnknownHandoffError
        if self.handoffs[via_handoff][1] != key.body or via_handoff not in self.accepted:
            return HandoffNotAcceptedError
        return None

    def close_refusal(self, case: CaseKey, when: datetime) -> Refusal:
        """The refusal closing ``case`` at ``when`` must meet."""
        return self.time_refusal(when) or (
            UnknownCaseError if case not in self.open_cases else None
        )

    def send_refusal(self, handoff: str, from_body: str, to_body: str, when: datetime) -> Refusal:
        """The refusal sending ``handoff`` from ``from_body`` to ``to_body`` must meet."""
        if refusal := self.time_refusal(when):
            return refusal
        if handoff in self.handoffs:
            return DuplicateHandoffError
        if from_body == to_body:
            return SelfHandoffError
        return None

    def answer_refusal(self, handoff: str, when: datetime) -> Refusal:
        """The refusal accepting or rejecting ``handoff`` at ``when`` must meet."""
        if refusal := self.time_refusal(when):
            return refusal
        if handoff not in self.handoffs:
            return UnknownHandoffError
        if handoff in self.answered:
            return HandoffAlreadyAnsweredError
        return None

    def complaint_refusal(self, complaint: str, when: datetime) -> Refusal:
        """The refusal making ``complaint`` at ``when`` must meet (an id used already)."""
        return self.time_refusal(when) or (
            UnknownComplaintError if complaint in self.complaints else None
        )

    def resolve_refusal(self, complaint: str, when: datetime) -> Refusal:
        """The refusal resolving ``complaint`` at ``when`` must meet (never made, or
        already resolved)."""
        if refusal := self.time_refusal(when):
            return refusal
        if complaint not in self.complaints or self.complaints[complaint] is not None:
            return UnknownComplaintError
        return None

    def handoff_statuses(self) -> dict[str, HandoffStatus]:
        """Each hand-off sent, by id, with the status its answers give it."""
        return {
            handoff: (
                HandoffStatus.ACCEPTED
                if handoff in self.accepted
                else HandoffStatus.REJECTED
                if handoff in self.answered
                else HandoffStatus.SENT
            )
            for handoff in self.handoffs
        }
