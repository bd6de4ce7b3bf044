"""Delay distributions: how long something takes, drawn from a seeded random source."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import attrs

MINIMUM_DELAY_SECONDS = 60.0
"""No sampled delay is shorter than a minute.

A delay of (almost) nothing would make two events of a journey fall on the same
instant, and an injected gap of zero length is no gap at all.
"""


def _positive_duration(
    instance: LogNormal, attribute: attrs.Attribute[timedelta], value: timedelta
) -> None:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise ValueError(f"{attribute.name} must be a positive timedelta, got {value!r}")


def _spread(instance: LogNormal, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"spread must be a finite number >= 0, got {value!r}")


@attrs.frozen
class LogNormal:
    """A log-normal delay: half the draws are shorter than ``median``.

    ``spread`` is the standard deviation of the delay's natural logarithm: 0 gives
    exactly ``median`` every time; 0.5 puts the 90th percentile at about 1.9 times
    the median, 1.0 at about 3.6 times. Waiting times for public services are
    skewed like this: most are near the typical time, a long tail waits far longer.

    >>> from datetime import timedelta
    >>> LogNormal(timedelta(days=2), spread=0).p90()
    datetime.timedelta(days=2)
    """

    median: timedelta = attrs.field(validator=_positive_duration)
    spread: float = attrs.field(default=0.8, validator=_spread)
    _median_seconds: float = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_median_seconds", self.median.total_seconds())

    def sample(self, rng: random.Random) -> float:
        """One delay in seconds (never under :data:`MINIMUM_DELAY_SECONDS`)."""
        return self.from_normal(rng.gauss(0.0, 1.0))

    def from_normal(self, z: float) -> float:
        """The delay in seconds at the standard normal draw ``z`` (0: the median; never
        under :data:`MINIMUM_DELAY_SECONDS`). The simulator draws ``z`` per step and
        purpose, so two designs that differ in a delay's distribution still share its
        luck: a citizen slow at a step under one is slow under the other.

        >>> from datetime import timedelta
        >>> LogNormal(timedelta(hours=1), spread=0.5).from_normal(0.0)
        3600.0
        """
        seconds = self._median_seconds * math.exp(self.spread * z)
        return max(seconds, MINIMUM_DELAY_SECONDS)

    def p90(self) -> timedelta:
        """The 90th percentile: nine draws in ten are no longer than this."""
        return timedelta(seconds=self._median_seconds * math.exp(1.2815515655446004 * self.spread))
