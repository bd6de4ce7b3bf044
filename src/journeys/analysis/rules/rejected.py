"""Rejected hand-off: answered with ``HandoffRejected`` (the reason is the detail)."""

from __future__ import annotations

from journeys.analysis.findings import FindingKind
from journeys.analysis.rules.answered import Answer, AnsweredHandoff
from journeys.journey import Journey


class RejectedHandoff(AnsweredHandoff):
    """Reports each rejected hand-off, from sent to rejected, with the reason given."""

    kind = FindingKind.REJECTED_HANDOFF
    answer = Journey.HandoffRejected

    def detail(self, event: Answer) -> str | None:
        assert isinstance(event, Journey.HandoffRejected)
        return event.reason
