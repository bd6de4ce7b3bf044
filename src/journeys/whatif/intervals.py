"""Bootstrap percentile intervals over replications, and the quantiles of a sample.

Each replication gives one value of a statistic (a mean paired difference, a
difference of medians). The interval for their mean resamples the replications
with replacement :data:`RESAMPLES` times and takes the 2.5th and 97.5th
percentiles of the resampled means. The resamples are drawn once per comparison,
from a generator seeded by the comparison's seed, and shared by every statistic,
so the same seed gives the same intervals to the last bit; when every
replication's value is the same, the interval is exactly that value.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["CONFIDENCE", "RESAMPLES", "Bootstrap", "Interval", "quantile"]

RESAMPLES = 2000
"""How many times the replications are resampled for an interval."""

CONFIDENCE = 0.95
"""The intervals' coverage: the 2.5th to the 97.5th percentile of the resampled means."""


@attrs.frozen
class Interval:
    """A bootstrap percentile interval ``[low, high]``."""

    low: float
    high: float

    def covers(self, value: float) -> bool:
        """Whether ``value`` lies in the interval (ends included)."""
        return self.low <= value <= self.high


class Bootstrap:
    """Resamples of a comparison's replications, seeded by ``seed``.

    A statistic known in only some replications (the experience score of a group
    that gave no feedback in one) is resampled among those: the resamples of
    ``n`` values are drawn once per ``n``.
    """

    __slots__ = ("_drawn", "resamples", "seed")

    def __init__(self, seed: int, resamples: int = RESAMPLES) -> None:
        if resamples < 1:
            raise ValueError(f"resamples must be at least 1, got {resamples}")
        self.seed = seed
        self.resamples = resamples
        self._drawn: dict[int, npt.NDArray[np.intp]] = {}

    def _indices(self, count: int) -> npt.NDArray[np.intp]:
        drawn = self._drawn.get(count)
        if drawn is None:
            # random.Random with a str seed is the same in every process and
            # version; numpy only sums.
            rng = random.Random(f"journeys.whatif.bootstrap:{self.seed}:{count}")
            drawn = self._drawn[count] = np.array(
                [[rng.randrange(count) for _ in range(count)] for _ in range(self.resamples)],
                dtype=np.intp,
            )
        return drawn

    def interval(self, values: Sequence[float]) -> Interval:
        """The interval for the mean of ``values`` (one per replication)."""
        if not values:
            raise ValueError("an interval needs at least one value")
        data = np.array(values, dtype=np.float64)
        if bool(np.all(data == data[0])):
            # Every resampled mean is this value: say so exactly, with no rounding.
            return Interval(_plain(data[0]), _plain(data[0]))
        means = np.sort(data[self._indices(len(values))].mean(axis=1))
        tail = (1.0 - CONFIDENCE) / 2.0
        return Interval(_plain(quantile(means, tail)), _plain(quantile(means, 1.0 - tail)))


def quantile(values: Sequence[float] | npt.NDArray[np.float64], q: float) -> float:
    """The ``q``-quantile of sorted ``values``, interpolating linearly between the two
    nearest ranks (numpy's default, and R's type 7); ``values`` must not be empty."""
    count = len(values)
    if count == 0:
        raise ValueError("a quantile needs at least one value")
    position = q * (count - 1)
    lower = int(position)
    upper = min(lower + 1, count - 1)
    fraction = position - lower
    low, high = float(values[lower]), float(values[upper])
    return low if fraction == 0.0 or low == high else low + (high - low) * fraction


def _plain(value: float | np.floating[npt.NBitBase]) -> float:
    # A plain float, and never -0.0 (which JSON would write as "-0.0").
    return float(value) + 0.0
