"""Dropped hand-off: sent, and neither accepted nor rejected by the journey's end
(or by the analysis ``as_of`` time, past the SLA if one applies)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Part

HandoffDeadline = Callable[[JourneyFold, str, str, datetime], datetime | None]
"""When the SLA a design sets on a journey's hand-offs from one body to another runs
out for one sent at a given time (``None``: no SLA)."""


class DroppedHandoff(Part):
    """At close, reports every hand-off still in flight as dropped.

    At the journey's end every one is dropped; closed by an ``as_of`` time, one
    still within its design's SLA (``handoff_deadline``) is in flight, not dropped.
    """

    def __init__(self, report: Reporter, handoff_deadline: HandoffDeadline | None = None) -> None:
        self._report = report
        self._handoff_deadline = handoff_deadline

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        for handoff, (from_body, to_body, items, sent_at) in fold.pending.items():
            if not ended and self._within_sla(fold, from_body, to_body, sent_at, at):
                continue
            self._report(
                FindingKind.DROPPED_HANDOFF,
                fold,
                from_body,
                to_body,
                sent_at,
                at,
                items=items,
                handoff=handoff,
            )

    def _within_sla(
        self, fold: JourneyFold, from_body: str, to_body: str, sent_at: datetime, at: datetime
    ) -> bool:
        if self._handoff_deadline is None:
            return False
        deadline = self._handoff_deadline(fold, from_body, to_body, sent_at)
        return deadline is not None and at <= deadline
