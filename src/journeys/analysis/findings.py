"""Findings: the gaps (and hand-off latencies) the analysis reports, one value each.

The meaning of every kind is fixed in the design brief ("What a gap is") and
written up, with worked examples, on the Gaps page of the documentation.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from journeys.bodies import Boundary


class FindingKind(enum.StrEnum):
    """The kinds of finding.

    A ``str`` enum: findings are sorted and grouped by kind in hot loops, and
    ``str`` hashing and comparison run in C. (Unlike ``Nation``, it never goes
    into a stored event, where a ``str`` subclass would bypass the transcoding.)
    """

    HANDOFF_LATENCY = "handoff_latency"
    """A hand-off sent and accepted: the time it took."""
    DROPPED_HANDOFF = "dropped_handoff"
    """A hand-off never answered by the journey's end (or the analysis ``as_of``)."""
    REJECTED_HANDOFF = "rejected_handoff"
    """A hand-off the receiving body refused."""
    UNHELD_TIME = "unheld_time"
    """An interval in which no body held the citizen."""
    COLD_TRANSFER = "cold_transfer"
    """A case opened at a new body with no accepted hand-off into it."""
    REASK = "reask"
    """A body asked for facts the citizen had already given to another body."""
    SLA_BREACH = "sla_breach"
    """A blueprint step or expected hand-off took longer than the blueprint allows."""
    MISSING_STEP = "missing_step"
    """A step the blueprint requires that the journey never had."""
    UNEXPECTED_STEP = "unexpected_step"
    """A step at a body the blueprint does not expect there."""
    LIFE_REASK = "life_reask"
    """A body asked, in a later journey of a citizen, for a fact the state was given in
    an earlier one, with no life event in between that changes it."""
    MISSED_TRIGGER = "missed_trigger"
    """A journey that should have led to another of the same citizen within a window
    (declared in the life-event table) did not: the next one came late, or not at all."""


GAP_KINDS: frozenset[FindingKind] = frozenset(
    {
        FindingKind.DROPPED_HANDOFF,
        FindingKind.REJECTED_HANDOFF,
        FindingKind.UNHELD_TIME,
        FindingKind.COLD_TRANSFER,
        FindingKind.REASK,
    }
)
"""The kinds that are gaps between bodies (hand-off latency is a measure, not a gap)."""

LIFE_KINDS: frozenset[FindingKind] = frozenset({FindingKind.LIFE_REASK, FindingKind.MISSED_TRIGGER})
"""The kinds that span a citizen's journeys (the life-level gaps): a finding of one of
them belongs to one journey (the asking one; the one that should have led on) but
rests on others of the same citizen."""


@attrs.frozen
class Finding:
    """One finding in one journey.

    ``from_body`` and ``to_body`` are the bodies on either side of the gap (``None``
    at a journey's edges: nobody held the citizen before or after). ``start`` and
    ``end`` bound it in real-world time and ``duration_seconds`` is their
    difference. ``items`` are the facts concerned, as a sorted tuple; ``handoff``
    the hand-off id where one is involved, and ``detail`` a free-text note such as
    a rejection reason. ``boundary`` classifies the bodies' tiers and nations;
    every finding in an :class:`~journeys.analysis.Analysis` has one.
    """

    kind: FindingKind
    journey: UUID
    from_body: str | None
    to_body: str | None
    start: datetime
    end: datetime
    items: tuple[str, ...] = ()
    handoff: str | None = None
    detail: str | None = None
    boundary: Boundary | None = None
    # Derived once: every aggregate view reads it.
    duration_seconds: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "duration_seconds", (self.end - self.start).total_seconds())

    def sort_key(self) -> tuple[Any, ...]:
        """A total, deterministic order: by time, then journey, kind and bodies."""
        return (
            self.start,
            self.end,
            self.journey.int,
            self.kind,
            self.from_body or "",
            self.to_body or "",
            self.handoff or "",
            self.items,
            self.detail or "",
        )
