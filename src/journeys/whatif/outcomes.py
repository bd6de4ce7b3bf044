"""A citizen's outcome under one design: what their simulated journey cost them.

An outcome is read from two sources: the journey's own events (when it started
and ended, each time the citizen provided information, the feedback they gave)
and the gap analysis's findings for the journey. Every outcome but the
experience score is better lower; the definitions are on :class:`Outcome`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from uuid import UUID

import attrs

from journeys.analysis import Finding, FindingKind
from journeys.bodies import Nation
from journeys.journey import Journey

__all__ = ["CitizenOutcome", "JourneyRecord", "Outcome", "outcomes_of"]

_DAY = 86_400.0


class Outcome(enum.StrEnum):
    """What is compared for each citizen, and how it is measured."""

    DAYS_TO_END = "days_to_end"
    """Days from the journey's start (the life event) to its end."""
    UNHELD_DAYS = "unheld_days"
    """Days in which no body held the citizen (the ``unheld_time`` findings, summed)."""
    REASKS = "reasks"
    """``reask`` findings: a body asked for facts the citizen had already given."""
    DROPPED_HANDOFFS = "dropped_handoffs"
    """``dropped_handoff`` findings: hand-offs never answered."""
    REJECTED_HANDOFFS = "rejected_handoffs"
    """``rejected_handoff`` findings: hand-offs the receiving body refused."""
    SLA_BREACHES = "sla_breaches"
    """``sla_breach`` findings against the citizen's own design."""
    CONTACTS = "contacts"
    """Contacts the citizen had to make: 1 for the first case (they bring the life
    event to the first body), plus 1 for each case they had to find on their own
    (each ``cold_transfer`` finding: a case at a new body with no accepted hand-off
    into it), plus 1 for each time they provided information to a body (each
    ``InformationProvided`` event, whether asked for or not)."""
    EXPERIENCE = "experience"
    """The mean score (-2 to +2) of the feedback the citizen gave in the journey;
    only where the voice is simulated and they gave feedback that scores. Better higher."""

    @property
    def higher_is_better(self) -> bool:
        """Whether a rise is an improvement (only for the experience score)."""
        return self is Outcome.EXPERIENCE


_COUNTED: dict[FindingKind, Outcome] = {
    FindingKind.REASK: Outcome.REASKS,
    FindingKind.DROPPED_HANDOFF: Outcome.DROPPED_HANDOFFS,
    FindingKind.REJECTED_HANDOFF: Outcome.REJECTED_HANDOFFS,
    FindingKind.SLA_BREACH: Outcome.SLA_BREACHES,
    FindingKind.COLD_TRANSFER: Outcome.CONTACTS,
}


@attrs.frozen
class CitizenOutcome:
    """One citizen's outcome under one design (see :class:`Outcome` for each field)."""

    nation: Nation
    days_to_end: float
    unheld_days: float
    reasks: int
    dropped_handoffs: int
    rejected_handoffs: int
    sla_breaches: int
    contacts: int
    experience: float | None

    def value(self, outcome: Outcome) -> float | None:
        """The value of ``outcome`` (``None``: the experience score of a silent citizen)."""
        found: float | None = getattr(self, outcome.value)
        return found


@attrs.define
class JourneyRecord:
    """What a journey's events say about its outcome, gathered as they stream past.

    Mutable while the events stream; :func:`outcomes_of` reads it once they have.
    """

    citizen_index: int
    nation: Nation
    started: float = 0.0
    ended: float = 0.0
    provided: int = 0
    scores: list[float] = attrs.field(factory=list)

    def see(self, event: Journey.Event) -> None:
        """Take note of one of the journey's events."""
        if isinstance(event, Journey.InformationProvided):
            self.provided += 1
        elif isinstance(event, Journey.FeedbackGiven):
            if event.score is not None:
                self.scores.append(event.score)
        elif isinstance(event, Journey.Started):
            self.started = event.occurred_at.timestamp()
        elif isinstance(event, Journey.Ended):
            self.ended = event.occurred_at.timestamp()


def outcomes_of(
    records: dict[UUID, JourneyRecord], findings: Iterable[Finding]
) -> Iterator[tuple[JourneyRecord, CitizenOutcome]]:
    """Each journey's record with its outcome, from ``findings`` (of those journeys).

    Findings of journeys not in ``records`` are ignored; records come out in the
    order of ``records``.
    """
    counts: dict[UUID, dict[Outcome, float]] = {journey: {} for journey in records}
    for finding in findings:
        tally = counts.get(finding.journey)
        if tally is None:
            continue
        if finding.kind is FindingKind.UNHELD_TIME:
            outcome = Outcome.UNHELD_DAYS
            tally[outcome] = tally.get(outcome, 0.0) + finding.duration_seconds / _DAY
        elif (counted := _COUNTED.get(finding.kind)) is not None:
            tally[counted] = tally.get(counted, 0) + 1
    for journey, record in records.items():
        tally = counts[journey]
        yield (
            record,
            CitizenOutcome(
                nation=record.nation,
                days_to_end=(record.ended - record.started) / _DAY,
                unheld_days=tally.get(Outcome.UNHELD_DAYS, 0.0),
                reasks=int(tally.get(Outcome.REASKS, 0)),
                dropped_handoffs=int(tally.get(Outcome.DROPPED_HANDOFFS, 0)),
                rejected_handoffs=int(tally.get(Outcome.REJECTED_HANDOFFS, 0)),
                sla_breaches=int(tally.get(Outcome.SLA_BREACHES, 0)),
                contacts=1 + int(tally.get(Outcome.CONTACTS, 0)) + record.provided,
                experience=sum(record.scores) / len(record.scores) if record.scores else None,
            ),
        )
