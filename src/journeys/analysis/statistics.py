"""Duration statistics: count, mean, median, p90, min and max, in seconds.

Durations are kept as plain arrays of floats so that results are exact and the
same whatever order (or chunking) the durations arrived in: the mean uses
``math.fsum`` and the order statistics sort first.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable

import attrs


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of ascending ``sorted_values`` by linear interpolation.

    This is the usual definition (NumPy's default, R's type 7): the value at
    position ``(n - 1) * fraction``, interpolated between neighbours.
    """
    if not sorted_values:
        raise ValueError("percentile of no values")
    position = (len(sorted_values) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * weight


@attrs.frozen
class DurationStats:
    """Summary statistics of a set of durations, in seconds."""

    count: int
    mean: float
    median: float
    p90: float
    min: float
    max: float
    total: float

    @classmethod
    def of(cls, values: Iterable[float]) -> DurationStats | None:
        """Statistics of ``values``, or ``None`` when there are none."""
        ordered = sorted(values)
        if not ordered:
            return None
        total = math.fsum(ordered)
        return cls(
            count=len(ordered),
            mean=total / len(ordered),
            median=percentile(ordered, 0.5),
            p90=percentile(ordered, 0.9),
            min=ordered[0],
            max=ordered[-1],
            total=total,
        )

    def statistic(self, name: str) -> float:
        """One statistic by name: ``count``, ``mean``, ``median``, ``p90``, ``min``, ``max``."""
        if name not in STATISTIC_NAMES:
            raise ValueError(
                f"unknown statistic {name!r} (choose from {', '.join(STATISTIC_NAMES)})"
            )
        return float(getattr(self, name))


STATISTIC_NAMES = ("count", "mean", "median", "p90", "min", "max", "total")


def durations() -> array[float]:
    """An empty, compact array of durations."""
    return array("d")
