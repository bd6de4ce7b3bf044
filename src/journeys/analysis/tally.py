"""The tally: everything the gap engine has observed, in a form that merges and stores.

The engine folds journey events into a :class:`Tally` (findings, directly-follows
transitions with their durations, node counts, hand-offs sent, journey counts)
plus the state of the journeys still open. Every aggregate view is computed from
a tally, so a batch run and a tracked projection that saw the same events give
the same answers, however the events were chunked.
"""

from __future__ import annotations

from array import array
from collections import Counter
from datetime import datetime
from uuid import UUID

import attrs

from journeys.analysis.findings import Finding

NodeKey = tuple[str, str]
"""A journey-map node: ``(body, label)``, the label being a service or an activity."""

EdgeKey = tuple[NodeKey, NodeKey]
"""A directly-follows edge between two nodes."""

BodyPair = tuple[str, str]
"""``(from_body, to_body)``."""


@attrs.frozen
class FeedbackRecord:
    """One piece of feedback as the analysis keeps it: what the citizen said, about
    which node, in which journey (with that journey's trigger and nation, so that
    journeys can be compared like with like)."""

    journey: UUID
    trigger: str
    nation: str
    body: str
    about: str
    instrument: str
    answer: str
    score: float | None
    themes: tuple[str, ...]
    """Sorted theme ids."""
    channel: str | None
    occurred_at: datetime


@attrs.define
class Tally:
    """Observations accumulated by the gap engine (mutable; merge with :meth:`merge`)."""

    findings: list[Finding] = attrs.Factory(list)
    transitions: dict[EdgeKey, array[float]] = attrs.Factory(dict)
    visits: Counter[NodeKey] = attrs.Factory(Counter)
    starts: Counter[NodeKey] = attrs.Factory(Counter)
    ends: Counter[NodeKey] = attrs.Factory(Counter)
    handoffs_sent: Counter[BodyPair] = attrs.Factory(Counter)
    feedback: list[FeedbackRecord] = attrs.Factory(list)
    # (body, "made") per complaint made, (body, outcome) per complaint resolved.
    complaints: Counter[BodyPair] = attrs.Factory(Counter)
    # The journeys in which each body took the citizen on (a case or a touchpoint).
    body_journeys: Counter[str] = attrs.Factory(Counter)
    # (body, channel) per case opened and touchpoint that named its channel.
    channels: Counter[BodyPair] = attrs.Factory(Counter)
    journeys_started: int = 0
    journeys_ended: int = 0

    def merge(self, other: Tally) -> None:
        """Add everything in ``other`` to this tally."""
        self.findings.extend(other.findings)
        for edge, durations in other.transitions.items():
            mine = self.transitions.get(edge)
            if mine is None:
                self.transitions[edge] = array("d", durations)
            else:
                mine.extend(durations)
        self.visits.update(other.visits)
        self.starts.update(other.starts)
        self.ends.update(other.ends)
        self.handoffs_sent.update(other.handoffs_sent)
        self.feedback.extend(other.feedback)
        self.complaints.update(other.complaints)
        self.body_journeys.update(other.body_journeys)
        self.channels.update(other.channels)
        self.journeys_started += other.journeys_started
        self.journeys_ended += other.journeys_ended

    def copy(self) -> Tally:
        """An independent copy."""
        duplicate = Tally()
        duplicate.merge(self)
        return duplicate

    def is_empty(self) -> bool:
        """Whether nothing has been observed."""
        return not (
            self.findings
            or self.transitions
            or self.visits
            or self.handoffs_sent
            or self.feedback
            or self.complaints
            or self.body_journeys
            or self.channels
            or self.journeys_started
            or self.journeys_ended
        )
