"""The boundary a gap crosses: between two tiers, and perhaps across a nation border."""

from __future__ import annotations

import attrs

from journeys.bodies.tier import Tier


@attrs.frozen
class Boundary:
    """The boundary a gap crosses: a tier pair and whether it crosses a nation border.

    Either side may be ``None`` at a journey's edges (nobody held the citizen
    before or after). A nation border is crossed when both bodies are known and
    serve no nation in common.
    """

    from_tier: Tier | None
    to_tier: Tier | None
    crosses_nation: bool
    tier_pair: str = attrs.field(init=False, eq=False)
    """The tier pair as ``"central->local"``, with ``"none"`` for a missing side."""

    def __attrs_post_init__(self) -> None:
        left = self.from_tier.value if self.from_tier else "none"
        right = self.to_tier.value if self.to_tier else "none"
        object.__setattr__(self, "tier_pair", f"{left}->{right}")
