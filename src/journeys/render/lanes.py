"""Swimlanes: the citizen on top, then one lane per tier, split by nation when needed.

Bodies go in the lane of their tier — central, devolved, local, in that order. When
the bodies drawn serve no nation in common (a move from Bristol to Edinburgh, say),
each tier lane is split by the nations its bodies serve, so the border shows.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.bodies import ALL_NATIONS, Body, Nation, Tier

TIER_ORDER: tuple[Tier, ...] = (Tier.CENTRAL, Tier.DEVOLVED, Tier.LOCAL)

TIER_TITLES: dict[Tier, str] = {
    Tier.CENTRAL: "Central government",
    Tier.DEVOLVED: "Devolved government",
    Tier.LOCAL: "Local bodies",
}

_NATION_NAMES: dict[Nation, str] = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}
_GREAT_BRITAIN = frozenset({Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND})


@attrs.frozen(order=True)
class Lane:
    """One swimlane. Lanes sort top to bottom by ``rank``; ``key`` names it in DOT."""

    rank: tuple[int, str]
    key: str
    title: str
    tier: Tier | None = attrs.field(order=False)


CITIZEN_LANE = Lane((0, ""), "citizen", "Citizen", None)
"""The top lane: the life event, what the citizen told, how the journey ended."""


def nations_text(nations: Iterable[Nation]) -> str:
    """``"UK-wide"``, ``"Great Britain"``, or the nations' names in a fixed order."""
    chosen = frozenset(nations)
    if chosen == ALL_NATIONS:
        return "UK-wide"
    if chosen == _GREAT_BRITAIN:
        return "Great Britain"
    names = [_NATION_NAMES[n] for n in Nation if n in chosen]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names)


def spans_nations(bodies: Iterable[Body]) -> bool:
    """Whether ``bodies`` serve no nation in common (so lanes are split by nation)."""
    common: frozenset[Nation] | None = None
    for body in bodies:
        common = body.nations if common is None else common & body.nations
    return common is not None and not common


def tier_lane(tier: Tier, nations: frozenset[Nation] | None = None) -> Lane:
    """The lane of ``tier``, or of ``tier`` for bodies serving exactly ``nations``."""
    tier_rank = TIER_ORDER.index(tier) + 1
    if nations is None:
        return Lane((tier_rank, ""), tier.value, TIER_TITLES[tier], tier)
    # Wider coverage first (UK-wide above a single nation), then the nations' order.
    nation_rank = f"{4 - len(nations)}" + "".join(
        str(index) for index, n in enumerate(Nation) if n in nations
    )
    key = tier.value + "-" + "-".join(n.value for n in Nation if n in nations)
    return Lane(
        (tier_rank, nation_rank), key, f"{TIER_TITLES[tier]} · {nations_text(nations)}", tier
    )


def body_lanes(bodies: Iterable[Body], *, split_by_nation: bool = True) -> dict[str, Lane]:
    """The lane of each body, by id: by tier, split by nation when the bodies span
    more than one (and ``split_by_nation`` is true)."""
    chosen = list(bodies)
    split = split_by_nation and spans_nations(chosen)
    return {body.id: tier_lane(body.tier, body.nations if split else None) for body in chosen}
