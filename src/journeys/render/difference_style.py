"""The visual vocabulary of the difference pictures (:mod:`journeys.render.difference_map`,
:mod:`journeys.render.difference_network`): a diverging scale of change, how an edge
seen in one cohort only is drawn, and the legend entries that say what A and B are.

Change runs from blue (better in B: faster, fewer citizens lost) through grey
(about the same) to red (worse in B). An edge only in B is dashed green, one
only in A dotted grey: told apart by line style as well as colour, so the
pictures read in greyscale.
"""

from __future__ import annotations

from journeys.analysis.comparison import Comparison, Presence
from journeys.render.durations import human_duration
from journeys.render.legend import LegendEntry

NEW = "#1b7837"
"""An edge or node only in B."""
REMOVED = "#9e9e9e"
"""An edge or node only in A."""

MUCH_BETTER, BETTER, SAME, WORSE, MUCH_WORSE = "#2166ac", "#67a9cf", "#6b6b6b", "#ef8a62", "#b2182b"
"""The diverging scale (ColorBrewer RdBu ends, a grey middle that stays visible)."""

SMALL, LARGE = 0.1, 0.5
"""A relative change below ``SMALL`` (10 %) is "about the same"; above ``LARGE`` (50 %) "much"."""


def relative_change(first: float, second: float) -> float:
    """``(second - first)`` as a share of the larger of the two (in ``[-1, 1]``;
    symmetric, so swapping A and B negates it; 0 when both are 0)."""
    larger = max(abs(first), abs(second))
    return (second - first) / larger if larger else 0.0


def change_colour(relative: float | None) -> str:
    """The colour of a relative change (positive: worse in B); grey when unknown."""
    if relative is None or abs(relative) < SMALL:
        return SAME
    if relative > 0:
        return MUCH_WORSE if relative >= LARGE else WORSE
    return MUCH_BETTER if relative <= -LARGE else BETTER


def signed_duration(seconds: float) -> str:
    """A change of duration with its sign: ``"+3 d"``, ``"−2 h"``, ``"±0 s"``."""
    text = human_duration(abs(seconds))
    if text in ("0 s", "<1 s"):
        return f"±{text}"
    return ("+" if seconds > 0 else "−") + text


def percent(share: float) -> str:
    """A share of journeys as a percentage: ``"12 %"``, ``"0.4 %"``, ``"0 %"``."""
    value = share * 100
    if value == 0:
        return "0 %"
    if value < 10:
        return f"{value:.1f} %"
    return f"{value:.0f} %"


def shares(first: float, second: float) -> str:
    """``"12 % → 18 %"``."""
    return f"{percent(first)} → {percent(second)}"


def presence_style(presence: Presence) -> dict[str, str]:
    """The line style and colour of an edge seen in one cohort only (empty: in both)."""
    if presence is Presence.ONLY_SECOND:
        return {"color": NEW, "fontcolor": NEW, "style": "dashed"}
    if presence is Presence.ONLY_FIRST:
        return {"color": REMOVED, "fontcolor": REMOVED, "style": "dotted"}
    return {}


def presence_text(presence: Presence) -> str | None:
    """``"only in B"``, ``"only in A"``, or ``None`` for an edge in both."""
    if presence is Presence.ONLY_SECOND:
        return "only in B"
    if presence is Presence.ONLY_FIRST:
        return "only in A"
    return None


def cohort_entries(comparison: Comparison) -> list[LegendEntry]:
    """Legend entries (text alone, no mark) that say what A and B are, and how many
    journeys each holds."""
    return [
        LegendEntry(
            f"A: {comparison.first_label} ({comparison.first_journeys:,} journeys)",
            {"style": "invis"},
        ),
        LegendEntry(
            f"B: {comparison.second_label} ({comparison.second_journeys:,} journeys)",
            {"style": "invis"},
        ),
    ]


def change_entries(worse: str, better: str) -> list[LegendEntry]:
    """Legend entries for the diverging scale and the one-cohort edges."""
    return [
        LegendEntry(
            f"much {worse} in B (B twice A or more)", {"color": MUCH_WORSE, "penwidth": "2"}
        ),
        LegendEntry(f"{worse} in B", {"color": WORSE, "penwidth": "2"}),
        LegendEntry("about the same (within 10 % of the larger)", {"color": SAME, "penwidth": "2"}),
        LegendEntry(f"{better} in B", {"color": BETTER, "penwidth": "2"}),
        LegendEntry(
            f"much {better} in B (B half A or less)", {"color": MUCH_BETTER, "penwidth": "2"}
        ),
        LegendEntry("only in B (new)", {"color": NEW, "style": "dashed", "penwidth": "2"}),
        LegendEntry(
            "only in A (gone in B)", {"color": REMOVED, "style": "dotted", "penwidth": "2"}
        ),
    ]


def sorted_attributes(attributes: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """DOT attributes in a fixed order, so the DOT is deterministic."""
    return tuple(sorted(attributes.items()))
