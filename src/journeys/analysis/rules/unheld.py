"""Unheld time: an interval of positive length inside [Started, Ended or as-of] in
which no body holds the citizen (a hand-off in flight holds no one).

It runs from when the last hold ended (``held_until``, per the holding tracker)
to when the next body takes the citizen on: a case opened, or the first
touchpoint of a run. It is attributed to the body that last held the citizen and
the body that next took them on (``None`` at the journey's edges).
"""

from __future__ import annotations

from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Part


class UnheldTime(Part):
    """Reports the unheld time before each new hold (the holding tracker says when one
    starts), and after the last hold when the journey closes."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def taken_on(self, fold: JourneyFold, body: str | None, at: datetime) -> None:
        """``body`` takes the citizen on at ``at`` (``None``: the journey closes then)."""
        if not fold.open_cases and at > fold.held_until:
            self._report(FindingKind.UNHELD_TIME, fold, fold.last_holder, body, fold.held_until, at)

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        self.taken_on(fold, None, at)
