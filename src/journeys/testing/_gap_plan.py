"""The kinds of gap a generated journey can be asked to contain, and the plan built from them."""

from __future__ import annotations

from collections.abc import Collection

import attrs
from hypothesis.errors import InvalidArgument

GAP_KINDS: frozenset[str] = frozenset(
    {"dropped_handoff", "rejected_handoff", "unheld_time", "cold_transfer", "reask"}
)
"""The gap kinds :func:`journeys.testing.journeys` can inject, named as the analysis names them.

Hand-off latency is not among them: every accepted hand-off has a latency, so it
is neither injected nor avoided. SLA breaches need a blueprint.
"""


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
            return cls(required=frozenset(), allowed=GAP_KINDS)
        if isinstance(gaps, str):
            raise InvalidArgument(
                f"gaps must be a collection of gap kinds, not the string {gaps!r} "
                f"(did you mean gaps={{{gaps!r}}}?)"
            )
        kinds = frozenset(gaps)
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
