"""The diverging colour scale of scores, from -2 (worst) to +2 (best).

Five fixed bands of equal width, red for the worse side and blue for the better,
with a near-white middle (ColorBrewer's RdBu, a scheme safe for the common forms
of colour blindness). The bands do not move with the data, so two maps coloured
by experience are read on the same scale. Every fill is light enough for dark
text on it, and a node with no feedback is grey *and* says so in words.
"""

from __future__ import annotations

import bisect

import attrs

from journeys.render.experience_chart import HIGHEST, LOWEST

SCORE_FILLS: tuple[str, ...] = ("#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf")
"""Worst to best."""
SCORE_THRESHOLDS: tuple[float, ...] = (-1.2, -0.4, 0.4, 1.2)
"""Where each band ends and the next begins (a score on a threshold takes the band
above it)."""
SILENT_FILL = "#c8c8c8"
"""A node no feedback was about."""


@attrs.frozen
class ScoreBand:
    """One colour of the scale and the scores it covers."""

    lower: float
    upper: float
    colour: str

    @property
    def label(self) -> str:
        """``"-2 to -1.2"`` (with true minus signs), as the legend writes it."""
        return f"{signed(self.lower)} to {signed(self.upper)}"


def score_colour(score: float) -> str:
    """The fill of a mean ``score`` (clamped to -2..+2)."""
    score = min(max(score, LOWEST), HIGHEST)
    return SCORE_FILLS[bisect.bisect_right(SCORE_THRESHOLDS, score)]


def score_bands() -> tuple[ScoreBand, ...]:
    """The bands, worst first."""
    bounds = (LOWEST, *SCORE_THRESHOLDS, HIGHEST)
    return tuple(
        ScoreBand(bounds[index], bounds[index + 1], colour)
        for index, colour in enumerate(SCORE_FILLS)
    )


def signed(score: float) -> str:
    """A score with its sign, one decimal, and a true minus: ``"+0.8"``, ``"−1.2"``, ``"0"``."""
    text = f"{score:+.1f}".replace("-", "\u2212")
    return "0" if text in {"+0.0", "\u22120.0"} else text.removesuffix(".0")
