"""What the latency and rejected-hand-off rules share: a finding that runs from a
hand-off's sending to its answer, between the bodies it went from and to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.journey import Journey

Answer = Journey.HandoffAccepted | Journey.HandoffRejected


class AnsweredHandoff(Part):
    """Reports a finding of :attr:`kind` for each hand-off answered by :attr:`answer`."""

    kind: ClassVar[FindingKind]
    answer: ClassVar[type[Answer]]

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {self.answer: self.answered}

    def answered(self, fold: JourneyFold, event: Answer) -> None:
        from_body, to_body, items, sent_at = fold.pending[event.handoff]
        self._report(
            self.kind,
            fold,
            from_body,
            to_body,
            sent_at,
            event.occurred_at,
            items=items,
            handoff=event.handoff,
            detail=self.detail(event),
        )

    def detail(self, event: Answer) -> str | None:
        """The finding's detail (none by default)."""
        return None
