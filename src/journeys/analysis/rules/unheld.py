"""Unheld time: an interval of positive length inside [Started, Ended or as-of] in
which no body holds the citizen (a hand-off in flight holds no one).

It runs from when the last hold ended (``held_until``, per the holding tracker)
to when the next body takes the citizen on: a case opened, or the first
touchpoint of a run. It is attributed to the body that last held the citizen and
the body that next took them on (``None`` at the journey's edges).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class UnheldTime(Part):
    """Reports the unheld time before each new hold, and after the last at close."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {Journey.CaseOpened: self.case_opened, Journey.Touchpoint: self.touchpoint}

    def case_opened(self, fold: JourneyFold, event: Journey.CaseOpened) -> None:
        if not fold.open_cases and event.occurred_at > fold.held_until:
            self._unheld(fold, event.body, event.occurred_at)

    def touchpoint(self, fold: JourneyFold, event: Journey.Touchpoint) -> None:
        # Only the first touchpoint of a run takes the citizen on.
        if (
            fold.run_body != event.body
            and not fold.open_cases
            and event.occurred_at > fold.held_until
        ):
            self._unheld(fold, event.body, event.occurred_at)

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        if not fold.open_cases and at > fold.held_until:
            self._unheld(fold, None, at)

    def _unheld(self, fold: JourneyFold, body: str | None, at: datetime) -> None:
        """Report the time from the end of the last hold until ``at``, when ``body`` (or,
        at the journey's close, nobody) took the citizen on."""
        self._report(FindingKind.UNHELD_TIME, fold, fold.last_holder, body, fold.held_until, at)
