"""The visual vocabulary shared by every picture: font, colours, line styles.

Every gap is told apart by line style and a text label as well as by colour, so
the pictures read in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import math

from journeys.bodies import Tier

FONT = "DejaVu Sans"
"""The one face used: the WebAssembly Graphviz measures it exactly, and the PNG
rasteriser ships with it."""

FONT_SIZE = "11"
SMALL_FONT_SIZE = "9"
"""Edge labels, the time axis and legend text."""
TITLE_FONT_SIZE = "16"
LANE_TITLE_FONT_SIZE = "12"

ARROW_SIZE = "0.7"
"""Arrowheads at seven tenths of Graphviz's 10 points: clear, not heavy."""

INK = "#222222"
"""Text and outlines."""
MUTED = "#6b6b6b"
"""Secondary lines: held time, plain transitions."""

HANDOFF = "#1f4e9c"
"""A hand-off that was answered."""
GAP = "#c81e1e"
"""Unheld time and dropped hand-offs: the gaps nobody may miss."""
REJECTED = "#a1430b"
"""A refused hand-off."""
REASK = "#d35f00"
"""A fact asked for again."""
REASK_FILL = "#ffe3c7"
COLD_TRANSFER = "#6a3d9a"
"""A case the citizen had to open themselves at a new body."""
NO_RESPONSE_FILL = "#fde0e0"

CITIZEN_FILL = "#f4f4f4"
TIER_FILLS: dict[Tier, str] = {
    Tier.CENTRAL: "#e9f0fb",
    Tier.DEVOLVED: "#e9f6ec",
    Tier.LOCAL: "#fdf3e4",
}
"""Lane and cluster backgrounds, one per tier."""
TIER_INKS: dict[Tier, str] = {
    Tier.CENTRAL: "#2b5797",
    Tier.DEVOLVED: "#2e7d32",
    Tier.LOCAL: "#9a5b00",
}
"""Outlines of nodes in each tier."""


def pen_width(count: int, widest: int, *, thinnest: float, thickest: float) -> str:
    """The pen width of a line drawn ``count`` times when the busiest is drawn
    ``widest`` times. Square-root scaling, area-like: a 100-fold count is 10-fold,
    not 100-fold, wider, and rare lines stay visible."""
    share = math.sqrt(count / widest) if widest and count else 0.0
    return f"{thinnest + (thickest - thinnest) * share:.2f}"
