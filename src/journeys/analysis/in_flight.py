"""Hand-offs in flight: sent and not yet accepted or rejected.

The latency, rejected, dropped, cold-transfer and re-ask rules read a hand-off's
bodies, items and sending time from here when it is answered or the journey
closes; only this tracker writes it. It also counts hand-offs sent per pair of
bodies, for the hand-off network.
"""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class HandoffsInFlight(Part):
    """Keeps each fold's ``pending`` hand-offs and the tally's ``handoffs_sent``."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.HandoffSent: self.sent,
            Journey.HandoffAccepted: self.answered,
            Journey.HandoffRejected: self.answered,
        }

    def sent(self, fold: JourneyFold, event: Journey.HandoffSent) -> None:
        fold.pending[event.handoff] = (
            event.from_body,
            event.to_body,
            tuple(sorted(event.items)),
            event.occurred_at,
        )
        self._report.tally.handoffs_sent[(event.from_body, event.to_body)] += 1

    @staticmethod
    def answered(
        fold: JourneyFold, event: Journey.HandoffAccepted | Journey.HandoffRejected
    ) -> None:
        del fold.pending[event.handoff]
