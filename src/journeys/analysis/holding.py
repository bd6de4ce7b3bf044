"""The holding tracker: who holds the citizen, and since when.

A body holds the citizen while it has a case open for them, and through a run of
consecutive touchpoints at it (from the run's first to its last touchpoint, like
an implicit case; from the first touchpoint's ``started_at`` when it has one, so
an activity of an interval log holds the citizen from its start). A run ends at
a touchpoint at another body or when any case is opened. A hand-off in flight
holds no one. The unheld-time and cold-transfer rules read this state; only this
tracker writes it. It tells the unheld-time rule when a body takes the citizen on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from journeys.analysis.fold import JourneyFold
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey

TakenOn = Callable[[JourneyFold, str | None, datetime], None]
"""Told when a body takes the citizen on (``body``, at ``at``), before the hold starts."""


class Holding(Part):
    """Keeps ``open_cases``, ``held_until``, ``last_holder``, ``run_body``,
    ``bodies_held`` and ``cases_opened`` of each fold, and tells ``taken_on`` when a
    new hold starts: a case opened, or the first touchpoint of a run."""

    def __init__(self, taken_on: TakenOn) -> None:
        self._taken_on = taken_on

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.CaseOpened: self.case_opened,
            Journey.CaseClosed: self.case_closed,
            Journey.Touchpoint: self.touchpoint,
        }

    def case_opened(self, fold: JourneyFold, event: Journey.CaseOpened) -> None:
        at = event.occurred_at
        self._taken_on(fold, event.body, at)
        fold.open_cases[(event.body, event.service)] = at
        fold.run_body = None
        fold.held_until = at
        fold.bodies_held.add(event.body)
        fold.cases_opened += 1

    @staticmethod
    def case_closed(fold: JourneyFold, event: Journey.CaseClosed) -> None:
        del fold.open_cases[(event.body, event.service)]
        fold.held_until = event.occurred_at
        if not fold.open_cases:
            fold.last_holder = event.body

    def touchpoint(self, fold: JourneyFold, event: Journey.Touchpoint) -> None:
        body = event.body
        if fold.run_body != body:  # a new run of touchpoints starts here
            # An activity that took time holds the citizen from its start.
            started = event.started_at
            self._taken_on(fold, body, event.occurred_at if started is None else started)
            fold.run_body = body
        fold.held_until = event.occurred_at
        if not fold.open_cases:
            fold.last_holder = body
        fold.bodies_held.add(body)
