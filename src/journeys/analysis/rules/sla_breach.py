"""SLA breach: a blueprint step or expected hand-off took longer than its SLA allows.

A step's clock starts at the journey's start or the step's first appearance and
stops when the step's case opens or closes (touchpoints only: the last one
stands for the close), as its SLA says; a hand-off's runs from sent to accepted
(a rejected one is reported as rejected instead). A clock still running when the
journey closes counts if it has already run past the SLA.
"""

from __future__ import annotations

from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold, StepTimes
from journeys.analysis.reporting import Reporter
from journeys.blueprints import NationalBlueprint
from journeys.blueprints.durations import format_duration
from journeys.blueprints.sla import Sla, SlaEvent


def check(fold: JourneyFold, national: NationalBlueprint, at: datetime, report: Reporter) -> None:
    """Report the SLA breaches of ``fold``'s journey against ``national``, closed at ``at``."""
    record = fold.conformance
    assert record is not None
    prefix = national.blueprint_id
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
        end = _clock_end(step.sla, times)
        _check_clock(
            fold, step.sla, (None, step.body), (start, end), at, f"{prefix}: {step.id}", report
        )
    for expected in national.handoffs:
        if expected.sla is None:
            continue
        for sent in record.handoffs.values():
            if (sent.from_body, sent.to_body) != (expected.from_body, expected.to_body):
                continue
            if sent.rejected:
                continue  # reported as a rejected hand-off
            bodies = (sent.from_body, sent.to_body)
            clock = (sent.sent_at, sent.accepted_at)
            _check_clock(fold, expected.sla, bodies, clock, at, f"{prefix}: {expected.id}", report)


def _check_clock(
    fold: JourneyFold,
    sla: Sla,
    bodies: tuple[str | None, str | None],
    clock: tuple[datetime, datetime | None],
    closed_at: datetime,
    detail: str,
    report: Reporter,
) -> None:
    """Report a breach if the clock ``(start, stop)`` ran past the SLA (a clock still
    running, with no stop, runs to ``closed_at``)."""
    start, end = clock
    stop = end if end is not None else closed_at
    if sla.breached_by(stop - start):
        state = "" if end is not None else ", unfinished"
        report(
            FindingKind.SLA_BREACH,
            fold,
            *bodies,
            start,
            stop,
            detail=f"{detail} (SLA {format_duration(sla.within)}{state})",
        )


def _clock_end(sla: Sla, times: StepTimes | None) -> datetime | None:
    if times is None:
        return None
    if sla.end is SlaEvent.STEP_OPENED:
        return times.first_at
    if times.is_case:
        return times.closed_at  # None while the case is open
    return times.last_at  # touchpoints only: the last one stands for the close
