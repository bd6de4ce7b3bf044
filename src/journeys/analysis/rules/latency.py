"""Hand-off latency: ``HandoffSent`` -> ``HandoffAccepted`` of the same hand-off."""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class HandoffLatency(Part):
    """Reports how long each accepted hand-off took, from sent to accepted."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {Journey.HandoffAccepted: self.accepted}

    def accepted(self, fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        from_body, to_body, items, sent_at = fold.pending[event.handoff]
        self._report(
            FindingKind.HANDOFF_LATENCY,
            fold,
            from_body,
            to_body,
            sent_at,
            event.occurred_at,
            items=items,
            handoff=event.handoff,
        )
