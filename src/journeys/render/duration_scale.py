"""A colour scale for durations, with round thresholds people can read in a legend.

The thresholds are picked from a ladder of round durations (1 h, 1 d, 1 wk ...)
spread evenly on a log scale between the shortest and the longest duration drawn,
so a map of minutes and a map of months both get a useful spread of colours.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable

import attrs

from journeys.render.durations import human_duration

_MINUTE, _HOUR, _DAY, _WEEK, _YEAR = 60, 3_600, 86_400, 7 * 86_400, 365 * 86_400
ROUND_DURATIONS: tuple[int, ...] = (
    _MINUTE,
    5 * _MINUTE,
    15 * _MINUTE,
    30 * _MINUTE,
    _HOUR,
    2 * _HOUR,
    4 * _HOUR,
    8 * _HOUR,
    12 * _HOUR,
    _DAY,
    2 * _DAY,
    3 * _DAY,
    5 * _DAY,
    _WEEK,
    2 * _WEEK,
    3 * _WEEK,
    4 * _WEEK,
    6 * _WEEK,
    8 * _WEEK,
    13 * _WEEK,
    26 * _WEEK,
    _YEAR,
    2 * _YEAR,
    5 * _YEAR,
)
"""Candidate thresholds, in seconds."""

PALETTE: tuple[str, ...] = ("#2166ac", "#4393c3", "#d9a400", "#e66101", "#b2182b")
"""Fast to slow: blue, light blue, amber, orange, dark red (all visible on white)."""


@attrs.frozen
class DurationBand:
    """One colour of the scale and the durations it covers (``upper`` excluded)."""

    lower: float | None
    upper: float | None
    colour: str

    @property
    def label(self) -> str:
        """``"under 1 d"``, ``"1 d to 3 d"``, ``"1 wk or more"`` or ``"all"``."""
        if self.lower is None and self.upper is None:
            return "all"
        if self.lower is None:
            assert self.upper is not None
            return f"under {human_duration(self.upper)}"
        if self.upper is None:
            return f"{human_duration(self.lower)} or more"
        return f"{human_duration(self.lower)} to {human_duration(self.upper)}"


@attrs.frozen
class DurationScale:
    """Thresholds (ascending, in seconds) and one colour per band between them."""

    thresholds: tuple[float, ...]
    colours: tuple[str, ...]

    @classmethod
    def for_values(cls, values: Iterable[float], *, bands: int = len(PALETTE)) -> DurationScale:
        """A scale of at most ``bands`` colours spreading ``values`` (seconds)."""
        if not 1 <= bands <= len(PALETTE):
            raise ValueError(f"bands must be between 1 and {len(PALETTE)}, got {bands}")
        positive = sorted(v for v in values if v > 0)
        thresholds: list[float] = []
        if positive and bands > 1:
            low, high = math.log(positive[0]), math.log(positive[-1])
            candidates = [d for d in ROUND_DURATIONS if positive[0] < d <= positive[-1]]
            for step in range(1, bands):
                if not candidates:
                    break
                ideal = low + (high - low) * step / bands
                nearest = min(candidates, key=lambda d: (abs(math.log(d) - ideal), d))
                if nearest not in thresholds:
                    thresholds.append(nearest)
            thresholds.sort()
        count = len(thresholds) + 1
        # Spread the colours used over the whole palette, so two bands are blue
        # and red rather than two blues.
        if count == 1:
            colours: tuple[str, ...] = (PALETTE[0],)
        else:
            colours = tuple(
                PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)
            )
        return cls(tuple(float(t) for t in thresholds), colours)

    def colour(self, seconds: float) -> str:
        """The colour of ``seconds``."""
        return self.colours[bisect.bisect_right(self.thresholds, seconds)]

    def bands(self) -> list[DurationBand]:
        """The bands, shortest first."""
        bounds: list[float | None] = [None, *self.thresholds, None]
        return [
            DurationBand(bounds[i], bounds[i + 1], colour) for i, colour in enumerate(self.colours)
        ]
