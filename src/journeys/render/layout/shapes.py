"""Node sizes from their labels, and where a line meets a node's outline.

Sizes follow Graphviz's own rules closely enough that the text stays inside the
outline: a margin of 8 points each side and 4 above and below the text. Curved
outlines (ellipse, octagon) are enlarged so the text's corners stay inside them:
Graphviz enlarges both ways by the square root of two; here the width grows less
and the height more (1.2 and 1.65 times, which with the margins still holds the
corners), because width is what a timeline is short of. A circle is as wide as
it is tall.
"""

from __future__ import annotations

import math

from journeys.render.layout.text_metrics import text_size

MARGIN_X, MARGIN_Y = 8.0, 4.0
"""Space between a node's text and its outline, in points."""

MIN_HEIGHT = 24.0
"""The smallest node outline, so a one-line node is still easy to point at."""

ROUND_SHAPES = frozenset({"ellipse", "circle", "octagon"})
ROUND_WIDTH, ROUND_HEIGHT = 1.2, 1.65

PERIPHERY_GAP = 4.0
"""Graphviz's distance between a node's outline and the next one out."""


def node_size(
    shape: str, lines: list[str], font_size: float, *, peripheries: int = 1
) -> tuple[float, float]:
    """The (width, height), in points, of a node of ``shape`` showing ``lines``."""
    text_width, text_height = text_size(lines, font_size)
    width, height = text_width + 2 * MARGIN_X, text_height + 2 * MARGIN_Y
    if shape == "circle":
        width = height = max(width, height) * math.sqrt(2)
    elif shape in ROUND_SHAPES:
        width, height = width * ROUND_WIDTH, height * ROUND_HEIGHT
    if shape == "note":
        width += 6.0  # the folded corner
    extra = 2 * PERIPHERY_GAP * (max(peripheries, 1) - 1)
    return width + extra, max(height, MIN_HEIGHT) + extra


def side_offset(shape: str, width: float, height: float, dy: float) -> float:
    """How far right of the centre the outline is at ``dy`` below (or above) it."""
    if shape == "point":
        return 0.0
    half_width, half_height = width / 2, height / 2
    if shape in ROUND_SHAPES:
        share = min(abs(dy) / half_height, 1.0) if half_height else 1.0
        return half_width * math.sqrt(1.0 - share * share)
    return half_width


def top_offset(shape: str, width: float, height: float, dx: float) -> float:
    """How far above the centre the outline is at ``dx`` right (or left) of it."""
    return side_offset(shape, height, width, dx)
