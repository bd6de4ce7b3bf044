"""Conformance: each journey checked against the blueprint of its life event.

This part keeps, per open journey that a blueprint covers (by trigger and
nation), when each (body, service) step was first and last seen and closed, and
every hand-off. When the journey closes (by its end, or at ``as_of``) it asks
the three conformance rules what the journey did against each candidate design
(resolved on the journey's date, so that a step is expected only while its rule
is in force, see :mod:`journeys.blueprints.validity`):
:mod:`.sla_breach`, :mod:`.missing_step` and :mod:`.unexpected_step`.

A step is *done* when the journey has a case opened, or a touchpoint, at the
step's body for the step's service (a touchpoint's service, else its activity).
When several blueprints share a trigger and nation, the journey is judged
against the one it fits best: fewest missing and unexpected steps, then the
order the blueprints were given in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from journeys.analysis.fold import ConformanceRecord, JourneyFold, SentHandoff, StepTimes
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules import missing_step, sla_breach, unexpected_step
from journeys.analysis.rules.base import Handler, Part
from journeys.analysis.tally import Tally
from journeys.blueprints import Blueprint, NationalBlueprint
from journeys.blueprints.validity import journey_date
from journeys.bodies import Nation
from journeys.journey import Journey


class Conformance(Part):
    """Checks journeys against ``blueprints`` (by trigger and nation) as their events pass."""

    def __init__(self, report: Reporter, blueprints: Iterable[Blueprint]) -> None:
        self._report = report
        self._blueprints: dict[str, Blueprint] = {}
        self._by_trigger: dict[str, list[Blueprint]] = {}
        for blueprint in blueprints:
            self._blueprints[blueprint.id] = blueprint
            self._by_trigger.setdefault(blueprint.trigger, []).append(blueprint)
        # Resolved designs by blueprint, nation and the span of dates between two of
        # the blueprint's rule dates (the design is the same across a span).
        self._national: dict[tuple[str, Nation, int], NationalBlueprint] = {}

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.Started: self.started,
            Journey.CaseOpened: self.case_opened,
            Journey.Touchpoint: self.touchpoint,
            Journey.CaseClosed: self.case_closed,
            Journey.HandoffSent: self.handoff_sent,
            Journey.HandoffAccepted: self.handoff_accepted,
            Journey.HandoffRejected: self.handoff_rejected,
        }

    # --- recording ----------------------------------------------------------------------

    def started(self, fold: JourneyFold, event: Journey.Started) -> None:
        candidates = tuple(
            (blueprint.id, event.nation)
            for blueprint in self._by_trigger.get(event.trigger, ())
            if event.nation in blueprint.nations
        )
        if candidates:
            fold.conformance = ConformanceRecord(candidates)

    @staticmethod
    def case_opened(fold: JourneyFold, event: Journey.CaseOpened) -> None:
        _seen(fold.conformance, event.body, event.service, event.occurred_at, is_case=True)

    @staticmethod
    def touchpoint(fold: JourneyFold, event: Journey.Touchpoint) -> None:
        label = event.service or event.activity
        _seen(fold.conformance, event.body, label, event.occurred_at, is_case=False)

    @staticmethod
    def case_closed(fold: JourneyFold, event: Journey.CaseClosed) -> None:
        if fold.conformance is None:
            return
        times = fold.conformance.steps.get((event.body, event.service))
        if times is not None and times.closed_at is None:
            times.closed_at = event.occurred_at

    @staticmethod
    def handoff_sent(fold: JourneyFold, event: Journey.HandoffSent) -> None:
        if fold.conformance is not None:
            fold.conformance.handoffs[event.handoff] = SentHandoff(
                event.from_body, event.to_body, event.occurred_at
            )

    @staticmethod
    def handoff_accepted(fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        if fold.conformance is not None:
            fold.conformance.handoffs[event.handoff].accepted_at = event.occurred_at

    @staticmethod
    def handoff_rejected(fold: JourneyFold, event: Journey.HandoffRejected) -> None:
        if fold.conformance is not None:
            fold.conformance.handoffs[event.handoff].rejected = True

    # --- judging ------------------------------------------------------------------------

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        if fold.conformance is None:
            return
        on = journey_date(fold.started_at)
        judged = [
            self._judge(fold, self.national(key, on), at) for key in fold.conformance.candidates
        ]
        best = min(range(len(judged)), key=lambda index: (judged[index][0], index))
        self._report.tally.findings.extend(judged[best][1].findings)

    def handoff_deadline(
        self, fold: JourneyFold, from_body: str, to_body: str, sent_at: datetime
    ) -> datetime | None:
        """When the SLA the journey's designs set on hand-offs from ``from_body`` to
        ``to_body`` runs out for one sent at ``sent_at`` (in the journey's nation)."""
        if fold.conformance is None:
            return None
        for key in fold.conformance.candidates:
            for handoff in self.national(key, journey_date(fold.started_at)).handoffs:
                if (handoff.from_body, handoff.to_body) == (from_body, to_body) and handoff.sla:
                    return handoff.sla.deadline(sent_at, key[1])
        return None

    def national(self, key: tuple[str, Nation], on: date | None = None) -> NationalBlueprint:
        """The design of blueprint ``key[0]`` in nation ``key[1]`` for journeys of date
        ``on``: the rules in force then (``None``: every step). Resolved once per span
        of dates with the same rules."""
        blueprint = self._blueprints[key[0]]
        span = -1 if on is None else bisect_right(blueprint.rule_dates, on)
        national = self._national.get((*key, span))
        if national is None:
            national = self._national[(*key, span)] = blueprint.for_nation(key[1], on)
        return national

    def _judge(
        self, fold: JourneyFold, national: NationalBlueprint, at: datetime
    ) -> tuple[int, Tally]:
        """How badly ``fold`` fits ``national`` (steps missing or unexpected), and what
        checking it against ``national`` found."""
        found = Tally()
        report = self._report.into(found)
        misfits = missing_step.check(fold, national, at, report)
        misfits += unexpected_step.check(fold, national, report)
        sla_breach.check(fold, national, at, report)
        return misfits, found


def _seen(
    record: ConformanceRecord | None, body: str, label: str, at: datetime, *, is_case: bool
) -> None:
    if record is None:
        return
    times = record.steps.get((body, label))
    if times is None:
        record.steps[(body, label)] = StepTimes(at, at, is_case)
    else:
        times.last_at = at
        times.is_case = times.is_case or is_case
