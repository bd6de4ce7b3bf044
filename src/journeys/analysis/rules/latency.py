"""Hand-off latency: ``HandoffSent`` -> ``HandoffAccepted`` of the same hand-off."""

from __future__ import annotations

from journeys.analysis.findings import FindingKind
from journeys.analysis.rules.answered import AnsweredHandoff
from journeys.journey import Journey


class HandoffLatency(AnsweredHandoff):
    """Reports how long each accepted hand-off took, from sent to accepted."""

    kind = FindingKind.HANDOFF_LATENCY
    answer = Journey.HandoffAccepted
