"""SLA breach: a blueprint step or expected hand-off took longer than its SLA allows.

A step's clock starts at the journey's start or the step's first appearance and
stops when the step's case opens or closes (touchpoints only: the last one
stands for the close), as its SLA says; a hand-off's runs from sent to accepted
(a rejected one is reported as rejected instead). A clock still running when the
journey closes counts if it has already run past the SLA.
"""

from __future__ import annotations

from datetime import datetime

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.fold import JourneyFold, StepTimes
from journeys.analysis.reporting import Reporter
from journeys.blueprints import NationalBlueprint
from journeys.blueprints.durations import format_duration
from journeys.blueprints.sla import Sla, SlaEvent


def findings(
    fold: JourneyFold, national: NationalBlueprint, at: datetime, report: Reporter
) -> list[Finding]:
    """The SLA breaches of ``fold``'s journey against ``national``, closed at ``at``."""
    return _step_breaches(fold, national, at, report) + _handoff_breaches(
        fold, national, at, report
    )


def _step_breaches(
    fold: JourneyFold, national: NationalBlueprint, at: datetime, report: Reporter
) -> list[Finding]:
    record = fold.conformance
    assert record is not None
    breaches: list[Finding] = []
    for step in national.steps:
        if step.sla is None:
            continue
        times = record.steps.get((step.body, step.service))
        start = (
            fold.started_at
            if step.sla.start is SlaEvent.JOURNEY_STARTED
            else (times.first_at if times else None)
        )
        if start is None:
            continue  # the clock never started; a missing step is reported instead
        clock = _Clock(step.sla, None, step.body, start, _clock_end(step.sla, times))
        breach = clock.breach(fold, at, f"{national.blueprint_id}: {step.id}", report)
        if breach is not None:
            breaches.append(breach)
    return breaches


def _handoff_breaches(
    fold: JourneyFold, national: NationalBlueprint, at: datetime, report: Reporter
) -> list[Finding]:
    record = fold.conformance
    assert record is not None
    breaches: list[Finding] = []
    for expected in national.handoffs:
        if expected.sla is None:
            continue
        for sent in record.handoffs.values():
            if (sent.from_body, sent.to_body) != (expected.from_body, expected.to_body):
                continue
            if sent.rejected:
                continue  # reported as a rejected hand-off
            clock = _Clock(
                expected.sla, sent.from_body, sent.to_body, sent.sent_at, sent.accepted_at
            )
            breach = clock.breach(fold, at, f"{national.blueprint_id}: {expected.id}", report)
            if breach is not None:
                breaches.append(breach)
    return breaches


class _Clock:
    """An SLA clock between two bodies: started, and stopped unless still running."""

    __slots__ = ("end", "from_body", "sla", "start", "to_body")

    def __init__(
        self,
        sla: Sla,
        from_body: str | None,
        to_body: str | None,
        start: datetime,
        end: datetime | None,
    ) -> None:
        self.sla, self.from_body, self.to_body = sla, from_body, to_body
        self.start, self.end = start, end

    def breach(
        self, fold: JourneyFold, closed_at: datetime, detail: str, report: Reporter
    ) -> Finding | None:
        """A breach if the clock ran past the SLA (an unfinished clock runs to ``closed_at``)."""
        stop = self.end if self.end is not None else closed_at
        if not self.sla.breached_by(stop - self.start):
            return None
        state = "" if self.end is not None else ", unfinished"
        return report.finding(
            FindingKind.SLA_BREACH,
            fold.journey,
            self.from_body,
            self.to_body,
            self.start,
            stop,
            detail=f"{detail} (SLA {format_duration(self.sla.within)}{state})",
        )


def _clock_end(sla: Sla, times: StepTimes | None) -> datetime | None:
    if times is None:
        return None
    if sla.end is SlaEvent.STEP_OPENED:
        return times.first_at
    if times.is_case:
        return times.closed_at  # None while the case is open
    return times.last_at  # touchpoints only: the last one stands for the close
