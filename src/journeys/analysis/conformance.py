"""Conformance: each journey checked against the blueprint of its life event.

``ConformanceChecker`` is a second fold, run beside the gap engine over the same
events. It keeps, per open journey, when each (body, service) step was first
and last seen and closed, and every hand-off; when the journey ends (or ``as_of``
closes it) it reports, against the blueprint for the journey's trigger and
nation:

- ``sla_breach``: a step or an expected hand-off took longer than its SLA (or,
  still unfinished when the journey closed, had already taken longer);
- ``missing_step``: a required step never done (``or`` stages are alternatives,
  ``choice`` steps need one of them, ``optional`` steps are never missing);
- ``unexpected_step``: a case or touchpoint at a body the design does not use in
  that nation, or for one of the design's services at another body than the one
  it names.

A step is *done* when the journey has a case opened, or a touchpoint, at the
step's body for the step's service (a touchpoint's service, else its activity).
When several blueprints share a trigger and nation, the journey is judged
against the one it fits best: fewest missing and unexpected steps, then the
order the blueprints were given in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from uuid import UUID

import attrs

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.tally import Tally
from journeys.blueprints import Blueprint, Logic, NationalBlueprint, NationalStage, StepStyle
from journeys.blueprints.durations import format_duration
from journeys.blueprints.sla import Sla, SlaEvent
from journeys.bodies import Boundary, Nation
from journeys.journey import Journey

Classify = Callable[[str | None, str | None], Boundary]


@attrs.define
class _StepTimes:
    first_at: datetime
    last_at: datetime
    is_case: bool
    closed_at: datetime | None = None


@attrs.define
class _SentHandoff:
    from_body: str
    to_body: str
    sent_at: datetime
    accepted_at: datetime | None = None
    rejected: bool = False


@attrs.define
class _JourneyRecord:
    journey: UUID
    started_at: datetime
    candidates: tuple[NationalBlueprint, ...]
    steps: dict[tuple[str, str], _StepTimes] = attrs.Factory(dict)
    handoffs: dict[str, _SentHandoff] = attrs.Factory(dict)


class ConformanceChecker:
    """Checks journeys against ``blueprints`` (by trigger and nation) as their events pass."""

    def __init__(
        self, blueprints: Iterable[Blueprint], *, classify: Classify | None = None
    ) -> None:
        self._by_trigger: dict[str, list[Blueprint]] = {}
        for blueprint in blueprints:
            self._by_trigger.setdefault(blueprint.trigger, []).append(blueprint)
        self._national: dict[tuple[str, Nation], NationalBlueprint] = {}
        self._classify = classify
        self._records: dict[UUID, _JourneyRecord] = {}

    # --- folding ------------------------------------------------------------------------

    def apply(self, event: Journey.Event, tally: Tally) -> None:
        """Fold one event; a journey's ``Ended`` adds its findings to ``tally``."""
        if isinstance(event, Journey.Started):
            candidates = tuple(
                self._for_nation(blueprint, event.nation)
                for blueprint in self._by_trigger.get(event.trigger, ())
                if event.nation in blueprint.nations
            )
            if candidates:
                self._records[event.originator_id] = _JourneyRecord(
                    event.originator_id, event.occurred_at, candidates
                )
            return
        record = self._records.get(event.originator_id)
        if record is None:
            return
        at = event.occurred_at
        if isinstance(event, Journey.CaseOpened):
            self._seen(record, event.body, event.service, at, is_case=True)
        elif isinstance(event, Journey.Touchpoint):
            self._seen(record, event.body, event.service or event.activity, at, is_case=False)
        elif isinstance(event, Journey.CaseClosed):
            times = record.steps.get((event.body, event.service))
            if times is not None and times.closed_at is None:
                times.closed_at = at
        elif isinstance(event, Journey.HandoffSent):
            record.handoffs[event.handoff] = _SentHandoff(event.from_body, event.to_body, at)
        elif isinstance(event, Journey.HandoffAccepted):
            record.handoffs[event.handoff].accepted_at = at
        elif isinstance(event, Journey.HandoffRejected):
            record.handoffs[event.handoff].rejected = True
        elif isinstance(event, Journey.Ended):
            self._close(record, at, tally)
            del self._records[record.journey]

    def close_open_journeys(self, as_of: datetime, tally: Tally) -> None:
        """Check every journey still open as it stands at ``as_of`` (records are kept)."""
        for record in self._records.values():
            self._close(record, as_of, tally)

    def handoff_sla(self, journey: UUID, from_body: str, to_body: str) -> timedelta | None:
        """The SLA the design sets on hand-offs from ``from_body`` to ``to_body``, if any."""
        record = self._records.get(journey)
        if record is None:
            return None
        for national in record.candidates:
            for handoff in national.handoffs:
                if (handoff.from_body, handoff.to_body) == (from_body, to_body) and handoff.sla:
                    return handoff.sla.within
        return None

    # --- checking -----------------------------------------------------------------------

    def _for_nation(self, blueprint: Blueprint, nation: Nation) -> NationalBlueprint:
        key = (blueprint.id, nation)
        national = self._national.get(key)
        if national is None:
            national = self._national[key] = blueprint.for_nation(nation)
        return national

    @staticmethod
    def _seen(
        record: _JourneyRecord, body: str, label: str, at: datetime, *, is_case: bool
    ) -> None:
        times = record.steps.get((body, label))
        if times is None:
            record.steps[(body, label)] = _StepTimes(at, at, is_case)
        else:
            times.last_at = at
            times.is_case = times.is_case or is_case

    def _close(self, record: _JourneyRecord, at: datetime, tally: Tally) -> None:
        outcomes = [self._judge(record, national, at) for national in record.candidates]
        best = min(range(len(outcomes)), key=lambda index: (outcomes[index][0], index))
        tally.findings.extend(outcomes[best][1])

    def _judge(
        self, record: _JourneyRecord, national: NationalBlueprint, at: datetime
    ) -> tuple[int, list[Finding]]:
        """Findings of ``record`` against ``national``, and how badly it fits the design."""
        missing = self._missing_steps(record, national, at)
        unexpected = self._unexpected_steps(record, national)
        breaches = self._step_breaches(record, national, at) + self._handoff_breaches(
            record, national, at
        )
        return len(missing) + len(unexpected), missing + unexpected + breaches

    def _finding(
        self,
        record: _JourneyRecord,
        kind: FindingKind,
        from_body: str | None,
        to_body: str | None,
        start: datetime,
        end: datetime,
        detail: str,
    ) -> Finding:
        return Finding(
            kind,
            record.journey,
            from_body,
            to_body,
            start,
            end,
            (),
            None,
            detail,
            self._classify(from_body, to_body) if self._classify else None,
        )

    def _missing_steps(
        self, record: _JourneyRecord, national: NationalBlueprint, at: datetime
    ) -> list[Finding]:
        findings: list[Finding] = []
        for alternatives in _alternative_groups(national.stages):
            gaps = [self._undone(record, stage) for stage in alternatives]
            if any(not undone for undone in gaps):
                continue
            # None of the alternatives was done: report the one closest to done.
            closest = min(range(len(gaps)), key=lambda index: (len(gaps[index]), index))
            for body, detail in gaps[closest]:
                findings.append(
                    self._finding(
                        record,
                        FindingKind.MISSING_STEP,
                        None,
                        body,
                        record.started_at,
                        at,
                        f"{national.blueprint_id}: {detail}",
                    )
                )
        return findings

    @staticmethod
    def _undone(record: _JourneyRecord, stage: NationalStage) -> list[tuple[str, str]]:
        """(body, description) of what ``stage`` still needs."""
        undone = [
            (step.body, step.id)
            for step in stage.steps
            if step.style is StepStyle.REQUIRED and (step.body, step.service) not in record.steps
        ]
        choices = [step for step in stage.steps if step.style is StepStyle.CHOICE]
        if choices and not any((s.body, s.service) in record.steps for s in choices):
            undone.append((choices[0].body, "one of " + ", ".join(s.id for s in choices)))
        return undone

    def _unexpected_steps(
        self, record: _JourneyRecord, national: NationalBlueprint
    ) -> list[Finding]:
        designed = {(step.body, step.service) for step in national.steps}
        bodies = national.bodies
        body_for_service = {step.service: step.body for step in national.steps}
        findings: list[Finding] = []
        for (body, label), times in record.steps.items():
            if (body, label) in designed:
                continue
            expected_body = body_for_service.get(label)
            if body not in bodies or expected_body is not None:
                findings.append(
                    self._finding(
                        record,
                        FindingKind.UNEXPECTED_STEP,
                        expected_body,
                        body,
                        times.first_at,
                        times.first_at,
                        f"{national.blueprint_id}: {label}",
                    )
                )
        return findings

    def _step_breaches(
        self, record: _JourneyRecord, national: NationalBlueprint, at: datetime
    ) -> list[Finding]:
        findings: list[Finding] = []
        for step in national.steps:
            if step.sla is None:
                continue
            times = record.steps.get((step.body, step.service))
            start = (
                record.started_at
                if step.sla.start is SlaEvent.JOURNEY_STARTED
                else (times.first_at if times else None)
            )
            if start is None:
                continue  # the clock never started; a missing step is reported instead
            end = _clock_end(step.sla, times)
            breach = self._breach(
                record,
                step.sla,
                None,
                step.body,
                start,
                end,
                at,
                f"{national.blueprint_id}: {step.id}",
            )
            if breach is not None:
                findings.append(breach)
        return findings

    def _handoff_breaches(
        self, record: _JourneyRecord, national: NationalBlueprint, at: datetime
    ) -> list[Finding]:
        findings: list[Finding] = []
        for expected in national.handoffs:
            if expected.sla is None:
                continue
            for sent in record.handoffs.values():
                if (sent.from_body, sent.to_body) != (expected.from_body, expected.to_body):
                    continue
                if sent.rejected:
                    continue  # reported as a rejected hand-off
                breach = self._breach(
                    record,
                    expected.sla,
                    sent.from_body,
                    sent.to_body,
                    sent.sent_at,
                    sent.accepted_at,
                    at,
                    f"{national.blueprint_id}: {expected.id}",
                )
                if breach is not None:
                    findings.append(breach)
        return findings

    def _breach(
        self,
        record: _JourneyRecord,
        sla: Sla,
        from_body: str | None,
        to_body: str | None,
        start: datetime,
        end: datetime | None,
        closed_at: datetime,
        detail: str,
    ) -> Finding | None:
        """A breach if the clock ran past the SLA (an unfinished clock runs to ``closed_at``)."""
        stop = end if end is not None else closed_at
        if not sla.breached_by(stop - start):
            return None
        state = "" if end is not None else ", unfinished"
        return self._finding(
            record,
            FindingKind.SLA_BREACH,
            from_body,
            to_body,
            start,
            stop,
            f"{detail} (SLA {format_duration(sla.within)}{state})",
        )


def _clock_end(sla: Sla, times: _StepTimes | None) -> datetime | None:
    if times is None:
        return None
    if sla.end is SlaEvent.STEP_OPENED:
        return times.first_at
    if times.is_case:
        return times.closed_at  # None while the case is open
    return times.last_at  # touchpoints only: the last one stands for the close


def _alternative_groups(stages: Iterable[NationalStage]) -> list[list[NationalStage]]:
    """Stages grouped so that each ``or`` stage joins the alternatives before it."""
    groups: list[list[NationalStage]] = []
    for stage in stages:
        if stage.logic is Logic.OR and groups:
            groups[-1].append(stage)
        else:
            groups.append([stage])
    return groups
