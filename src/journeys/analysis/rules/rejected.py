"""Rejected hand-off: answered with ``HandoffRejected`` (the reason is the detail)."""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class RejectedHandoff(Part):
    """Reports each rejected hand-off, from sent to rejected."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {Journey.HandoffRejected: self.rejected}

    def rejected(self, fold: JourneyFold, event: Journey.HandoffRejected) -> None:
        from_body, to_body, items, sent_at = fold.pending[event.handoff]
        self._report(
            FindingKind.REJECTED_HANDOFF,
            fold,
            from_body,
            to_body,
            sent_at,
            event.occurred_at,
            items=items,
            handoff=event.handoff,
            detail=event.reason,
        )
