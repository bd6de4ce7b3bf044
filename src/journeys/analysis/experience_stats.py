"""The statistics of the experience results: means of scores and their 95 % intervals.

Two intervals are used, each the usual one for its question:

- the mean score of a group of answers (:func:`summarise_scores`,
  :func:`summarise_counts`) has the Student *t* interval
  ``mean ± t(0.975, n - 1) · s / √n``, ``s`` the sample standard deviation. Feedback
  groups are often small (a touchpoint with five answers), where the normal
  interval would be too narrow; with fewer than two scored answers there is no
  interval (nor, with none, a mean);
- a difference between groups averaged over strata (:mod:`.gap_sentiment`) uses
  the normal approximation, ``± z(0.975) · SE``.

The *t* quantile is computed exactly with the standard library, not read from a
table: for an integer number of degrees of freedom ν the two-sided probability
``P(|T| ≤ t)`` is a finite trigonometric series (Abramowitz and Stegun 26.7.3 and
26.7.4), which :func:`t_quantile` inverts by bisection to the precision of a
float, for ν up to :data:`EXACT_DEGREES`. Beyond that it uses the Cornish-Fisher
expansion of A&S 26.7.5 in powers of 1/ν to the fourth, whose error there is
below 1e-9. (Checked against published tables: t(0.975, 1) = 12.7062,
t(0.975, 10) = 2.2281, t(0.975, 30) = 2.0423.)

Every sum is :func:`math.fsum` over values in sorted order, so a summary does not
depend on the order the answers arrived in: a batch run and a tracked projection
that saw the same feedback give equal results.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from statistics import NormalDist

from journeys.analysis.experience_model import ScoreSummary

__all__ = [
    "EXACT_DEGREES",
    "Z_975",
    "mean_and_variance",
    "summarise_counts",
    "summarise_scores",
    "t_quantile",
]

Z_975 = NormalDist().inv_cdf(0.975)
"""The 0.975 quantile of the standard normal distribution (1.959963...)."""

EXACT_DEGREES = 200
"""Up to this many degrees of freedom the *t* quantile is found from the exact series."""


def _two_sided_probability(theta: float, degrees: int) -> float:
    """``P(|T| ≤ t)`` for ``t = √ν · tan θ`` (A&S 26.7.3, 26.7.4)."""
    sin, cos = math.sin(theta), math.cos(theta)
    cos2 = cos * cos
    if degrees % 2:
        if degrees == 1:
            return 2.0 * theta / math.pi
        term, series = cos, cos
        for k in range(3, degrees - 1, 2):  # cos^k θ · (2·4···(k-1)) / (3·5···k)
            term *= cos2 * (k - 1) / k
            series += term
        return 2.0 / math.pi * (theta + sin * series)
    term, series = 1.0, 1.0
    for k in range(2, degrees - 1, 2):  # cos^k θ · (1·3···(k-1)) / (2·4···k)
        term *= cos2 * (k - 1) / k
        series += term
    return sin * series


@cache
def t_quantile(degrees: int, probability: float = 0.975) -> float:
    """The ``probability`` quantile (above one half) of Student's *t* with ``degrees``."""
    if degrees < 1:
        raise ValueError(f"degrees of freedom must be at least 1, got {degrees}")
    if not 0.5 < probability < 1.0:
        raise ValueError(f"probability must be between 0.5 and 1, got {probability}")
    if degrees > EXACT_DEGREES:
        return _cornish_fisher(degrees, probability)
    wanted = 2.0 * probability - 1.0  # the two-sided coverage
    low, high = 0.0, math.pi / 2
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if _two_sided_probability(middle, degrees) < wanted:
            low = middle
        else:
            high = middle
    return math.sqrt(degrees) * math.tan((low + high) / 2)


def _cornish_fisher(degrees: int, probability: float) -> float:
    x = NormalDist().inv_cdf(probability)
    g1 = (x**3 + x) / 4
    g2 = (5 * x**5 + 16 * x**3 + 3 * x) / 96
    g3 = (3 * x**7 + 19 * x**5 + 17 * x**3 - 15 * x) / 384
    g4 = (79 * x**9 + 776 * x**7 + 1482 * x**5 - 1920 * x**3 - 945 * x) / 92160
    v = float(degrees)
    return x + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4


def mean_and_variance(counts: Mapping[float, int]) -> tuple[int, float | None, float | None]:
    """``(n, mean, sample variance)`` of values given as ``value -> how many`` (the mean
    ``None`` for no values, the variance ``None`` for fewer than two)."""
    items = sorted((value, count) for value, count in counts.items() if count)
    n = sum(count for _, count in items)
    if n == 0:
        return 0, None, None
    mean = math.fsum(value * count for value, count in items) / n
    if n < 2:
        return n, mean, None
    squares = math.fsum(count * (value - mean) ** 2 for value, count in items)
    return n, mean, squares / (n - 1)


def summarise_counts(responses: int, scored: Mapping[float, int]) -> ScoreSummary:
    """The summary of ``responses`` answers of which ``scored`` maps each score to how
    many gave it (the rest carried no score)."""
    n, mean, variance = mean_and_variance(scored)
    if mean is None or variance is None:
        return ScoreSummary(responses=responses, scored=n, mean=mean, ci_low=None, ci_high=None)
    half = t_quantile(n - 1) * math.sqrt(variance / n)
    return ScoreSummary(
        responses=responses, scored=n, mean=mean, ci_low=mean - half, ci_high=mean + half
    )


def summarise_scores(scores: Iterable[float | None]) -> ScoreSummary:
    """The summary of answers' scores (``None``: an answer without a score)."""
    responses = 0
    scored: Counter[float] = Counter()
    for score in scores:
        responses += 1
        if score is not None:
            scored[score] += 1
    return summarise_counts(responses, scored)
