"""The plan a generated journey follows: which gap kinds it must contain, and which it may.

The kinds are the analysis's own :data:`journeys.analysis.GAP_KINDS` (dropped and
rejected hand-offs, unheld time, cold transfers, re-asks), so a test can compare
what it asked for with what the analysis finds. Hand-off latency is not a gap
kind: every accepted hand-off has one.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs
from hypothesis.errors import InvalidArgument

from journeys.analysis.findings import GAP_KINDS


@attrs.frozen
class GapPlan:
    """Which gap kinds a journey must contain (``required``) and may contain (``allowed``)."""

    required: frozenset[str]
    allowed: frozenset[str]

    @classmethod
    def from_argument(cls, gaps: Collection[str] | None) -> GapPlan:
        """The plan for the ``gaps`` argument of the journey strategies.

        ``None`` allows every kind and requires none; a collection requires
        exactly those kinds and forbids the others.
        """
        if gaps is None:
            return cls(required=frozenset(), allowed=frozenset(str(kind) for kind in GAP_KINDS))
        if isinstance(gaps, str):
            raise InvalidArgument(
                f"gaps must be a collection of gap kinds, not the string {gaps!r} "
                f"(did you mean gaps={{{gaps!r}}}?)"
            )
        # Plain strings, so the plan reads the same whether given "reask" or FindingKind.REASK.
        kinds = frozenset(str(kind) for kind in gaps)
        unknown = sorted(kinds - GAP_KINDS)
        if unknown:
            expected = ", ".join(sorted(GAP_KINDS))
            raise InvalidArgument(f"unknown gap kind {unknown[0]!r} (expected some of: {expected})")
        return cls(required=kinds, allowed=kinds)

    def allows(self, kind: str) -> bool:
        """Whether the journey may contain a gap of ``kind``."""
        return kind in self.allowed

    def requires(self, kind: str) -> bool:
        """Whether the journey must contain a gap of ``kind``."""
        return kind in self.required

    @property
    def needs_two_bodies(self) -> bool:
        """Whether the plan needs a catalogue of at least two bodies.

        Every required kind but unheld time involves a second body: a hand-off's
        receiver, the body a citizen walks into, or the body that asks again.
        """
        return bool(self.required - {"unheld_time"})
