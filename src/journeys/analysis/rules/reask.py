"""Re-ask (a tell-us-once breach): a body requests an item that the citizen already
gave to a different body, and no accepted hand-off carried that item to the asking
body.

One finding per request and per body first told, listing the items asked again,
from when the citizen told that body to when they were asked again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey


class Reask(Part):
    """Keeps who was told what and what hand-offs carried; reports facts asked again."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.InformationProvided: self.provided,
            Journey.InformationRequested: self.requested,
            Journey.HandoffAccepted: self.accepted,
        }

    @staticmethod
    def provided(fold: JourneyFold, event: Journey.InformationProvided) -> None:
        for item in event.items:
            fold.told.setdefault(item, {}).setdefault(event.body, event.occurred_at)

    @staticmethod
    def accepted(fold: JourneyFold, event: Journey.HandoffAccepted) -> None:
        _, to_body, items, _ = fold.pending[event.handoff]
        if items:
            fold.carried.setdefault(to_body, set()).update(items)

    def requested(self, fold: JourneyFold, event: Journey.InformationRequested) -> None:
        asker = event.body
        carried = fold.carried.get(asker, set())
        asked_again: dict[str, list[tuple[str, datetime]]] = {}
        for item in event.items:
            tellers = fold.told.get(item)
            if not tellers or item in carried:
                continue
            others = [(at, body) for body, at in tellers.items() if body != asker]
            if others:
                first_at, first_body = min(others)
                asked_again.setdefault(first_body, []).append((item, first_at))
        for teller, told in sorted(asked_again.items()):
            self._report(
                FindingKind.REASK,
                fold,
                teller,
                asker,
                min(at for _, at in told),
                event.occurred_at,
                items=[item for item, _ in told],
            )
