"""Cold transfer: a case opened at a body that has not yet held a case or touchpoint
in the journey, with no accepted hand-off into it (a rejected one does not count).

The citizen carried themselves across the boundary. The journey's first case is
its entry point, not a cold transfer. The finding runs from when the previous
body last held the citizen to the new case (zero when it still holds them).
"""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class ColdTransfer(Part):
    """Reports cold transfers; keeps the bodies accepted hand-offs brought the citizen to."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {Journey.CaseOpened: self.case_opened, Journey.HandoffAccepted: self.accepted}

    def case_opened(self, fold: JourneyFold, event: Journey.CaseOpened) -> None:
        body, at = event.body, event.occurred_at
        if not fold.cases_opened or body in fold.bodies_held or body in fold.accepted_into:
            return
        carrier: str | None
        if fold.open_cases:  # the latest-opened case still holds the citizen
            carrier, since = next(reversed(fold.open_cases))[0], at
        else:
            carrier, since = fold.last_holder, fold.held_until
        self._report(FindingKind.COLD_TRANSFER, fold, carrier, body, since, at)

    @staticmethod
    def accepted(fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        fold.accepted_into.add(fold.pending[event.handoff][1])
