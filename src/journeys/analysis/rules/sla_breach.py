"""SLA breach: a blueprint step or expected hand-off took longer than its SLA allows.

A step's clock starts at the journey's start or the step's first appearance and
stops when the step's case opens or closes (touchpoints only: the last one
stands for the close), as its SLA says; a hand-off's runs from sent to accepted
(a rejected one is reported as rejected instead). A clock still running when the
journey closes counts if it has already run past the SLA.

The deadline is the clock's start plus the SLA for calendar days; for working
days it is the end of the last working day allowed in the journey's nation, in
UK local time (:meth:`~journeys.blueprints.Sla.deadline`).
"""

from __future__ import annotations

from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold, StepTimes
from journeys.analysis.reporting import Reporter
from journeys.blueprints import NationalBlueprint
from journeys.blueprints.sla import Sla, SlaEvent
from journeys.bodies import Nation


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
        step_bodies: tuple[str | None, str | None] = (None, step.body)
        detail = f"{prefix}: {step.id}"
        _check_clock(fold, national.nation, step.sla, step_bodies, (start, end), at, detail, report)
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
            detail = f"{prefix}: {expected.id}"
            _check_clock(fold, national.nation, expected.sla, bodies, clock, at, detail, report)


def _check_clock(
    fold: JourneyFold,
    nation: Nation,
    sla: Sla,
    bodies: tuple[str | None, str | None],
    clock: tuple[datetime, datetime | None],
    closed_at: datetime,
    detail: str,
    report: Reporter,
) -> None:
    """Report a breach if the clock ``(start, stop)`` of a journey in ``nation`` ran
    past the SLA (a clock still running, with no stop, runs to ``closed_at``)."""
    start, end = clock
    stop = end if end is not None else closed_at
    if sla.breached(start, stop, nation):
        state = "" if end is not None else ", unfinished"
        report(
            FindingKind.SLA_BREACH,
            fold,
            *bodies,
            start,
            stop,
            detail=f"{detail} (SLA {sla.describe()}{state})",
        )


def _clock_end(sla: Sla, times: StepTimes | None) -> datetime | None:
    if times is None:
        return None
    if sla.end is SlaEvent.STEP_OPENED:
        return times.first_at
    if times.is_case:
        return times.closed_at  # None while the case is open
    return times.last_at  # touchpoints only: the last one stands for the close
