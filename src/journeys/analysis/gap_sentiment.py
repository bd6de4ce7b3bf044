"""Gaps and sentiment: did journeys that met a kind of gap score worse than those that did not?

For each kind of per-journey gap found (every kind but hand-off latency, which is
a measure rather than a gap, and the life-level kinds, which rest on other
journeys) and for each tier pair it was found at, :func:`gaps_and_sentiment`
compares the **journey scores** — a journey's score is the mean of its scored
feedback — of the journeys that met the gap with those that did not, among the
journeys with scored feedback:

1. journeys are grouped into strata by ``(trigger, nation)``, so that a death in
   Wales is compared with deaths in Wales, not with births in England;
2. in each stratum holding journeys of both kinds, ``d = mean_with - mean_without``;
3. the difference is the mean of the strata's ``d`` weighted by their with-gap
   journeys (the without-gap journeys are reweighted to the with-gap journeys'
   mix of triggers and nations: the effect "on those who met the gap");
4. its variance is ``Σ w² σ² (1/n_with + 1/n_without) / (Σ w)²``, with ``σ²`` the
   variance of journey scores about their stratum-and-group mean, pooled over the
   compared strata (so a stratum with a single journey on one side still counts);
   the 95 % interval is the normal one, ``± 1.96 SE``. It needs at least one degree
   of freedom (more compared journeys than twice the strata); otherwise it is
   ``None``.

``journeys_with`` and ``journeys_without`` count the journeys compared (those in
strata with both kinds); ``journeys_unmatched`` those left out for want of a
match. ``mean_with`` is the compared with-gap journeys' mean, ``mean_without`` the
without-gap mean reweighted as in step 3, so ``difference = mean_with -
mean_without``.

This is an **association, not a cause**: citizens who met a gap may differ in
other ways (a harder case, a worse service overall) from those who did not, and
feedback is given by those who choose to give it. Read it as where to look.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from uuid import UUID

from journeys.analysis.experience_model import GapSentiment
from journeys.analysis.experience_stats import Z_975, mean_and_variance
from journeys.analysis.findings import LIFE_KINDS, Finding, FindingKind
from journeys.analysis.tally import FeedbackRecord

__all__ = ["SENTIMENT_KINDS", "JourneyScore", "gaps_and_sentiment", "journey_scores"]

SENTIMENT_KINDS = frozenset(FindingKind) - LIFE_KINDS - {FindingKind.HANDOFF_LATENCY}
"""The kinds compared: the per-journey gaps, conformance findings included."""

JourneyScore = tuple[tuple[str, str], float]
"""``((trigger, nation), score)`` of one journey."""

_KIND_ORDER = {kind: number for number, kind in enumerate(FindingKind)}


def journey_scores(records: Iterable[FeedbackRecord]) -> dict[UUID, JourneyScore]:
    """Each journey with scored feedback: its ``(trigger, nation)`` stratum and the mean
    of its scores (summed in sorted order, so the same whatever order they came in)."""
    strata: dict[UUID, tuple[str, str]] = {}
    scores: dict[UUID, list[float]] = defaultdict(list)
    for record in records:
        if record.score is None:
            continue
        strata[record.journey] = (record.trigger, record.nation)
        scores[record.journey].append(record.score)
    return {
        journey: (strata[journey], math.fsum(sorted(values)) / len(values))
        for journey, values in scores.items()
    }


def gaps_and_sentiment(
    records: Iterable[FeedbackRecord], findings: Iterable[Finding]
) -> tuple[GapSentiment, ...]:
    """One :class:`GapSentiment` per kind found (``boundary`` ``None``: at any boundary)
    and per ``(kind, tier pair)``, in kind order, each kind's rows by tier pair.

    An association, not a cause: see the module's documentation."""
    scores = journey_scores(records)
    met: dict[tuple[FindingKind, str | None], set[UUID]] = defaultdict(set)
    for finding in findings:
        if finding.kind not in SENTIMENT_KINDS:
            continue
        met[(finding.kind, None)].add(finding.journey)
        if finding.boundary is not None:
            met[(finding.kind, finding.boundary.tier_pair)].add(finding.journey)
    keys = sorted(met, key=lambda key: (_KIND_ORDER[key[0]], key[1] or ""))
    # Every journey's score by stratum, once; each comparison counts only the journeys
    # that met its gap and takes the rest as the difference (not a pass over all).
    totals: dict[tuple[str, str], Counter[float]] = defaultdict(Counter)
    for stratum, score in scores.values():
        totals[stratum][score] += 1
    return tuple(
        _compare(kind, boundary, met[(kind, boundary)], scores, totals) for kind, boundary in keys
    )


def _compare(
    kind: FindingKind,
    boundary: str | None,
    met: set[UUID],
    scores: dict[UUID, JourneyScore],
    totals: dict[tuple[str, str], Counter[float]],
) -> GapSentiment:
    met_cells: dict[tuple[str, str], Counter[float]] = defaultdict(Counter)
    for journey in met:
        scored = scores.get(journey)
        if scored is not None:
            met_cells[scored[0]][scored[1]] += 1
    weights, differences, inverse_sizes = [], [], []
    sum_with, sum_without = [], []
    squares, compared, unmatched, strata = [], 0, 0, 0
    n_with_total = n_without_total = 0
    for stratum in sorted(totals):
        with_gap = met_cells.get(stratum, Counter())
        without_gap = totals[stratum] - with_gap
        n_with, mean_with, var_with = mean_and_variance(with_gap)
        n_without, mean_without, var_without = mean_and_variance(without_gap)
        if mean_with is None or mean_without is None:
            unmatched += n_with + n_without
            continue
        strata += 1
        compared += n_with + n_without
        n_with_total += n_with
        n_without_total += n_without
        weights.append(float(n_with))
        differences.append(mean_with - mean_without)
        inverse_sizes.append(1.0 / n_with + 1.0 / n_without)
        sum_with.append(n_with * mean_with)
        sum_without.append(n_with * mean_without)
        squares.append((var_with or 0.0) * (n_with - 1) + (var_without or 0.0) * (n_without - 1))
    if not strata:
        return GapSentiment(
            kind=kind.value,
            boundary=boundary,
            journeys_with=0,
            journeys_without=0,
            mean_with=None,
            mean_without=None,
            difference=None,
            ci_low=None,
            ci_high=None,
            strata=0,
            journeys_unmatched=unmatched,
        )
    total_weight = math.fsum(weights)
    difference = math.fsum(w * d for w, d in zip(weights, differences, strict=True)) / total_weight
    freedom = compared - 2 * strata
    ci_low = ci_high = None
    if freedom >= 1:
        pooled = math.fsum(squares) / freedom
        variance = (
            pooled
            * math.fsum(w * w * s for w, s in zip(weights, inverse_sizes, strict=True))
            / total_weight**2
        )
        half = Z_975 * math.sqrt(variance)
        ci_low, ci_high = difference - half, difference + half
    return GapSentiment(
        kind=kind.value,
        boundary=boundary,
        journeys_with=n_with_total,
        journeys_without=n_without_total,
        mean_with=math.fsum(sum_with) / total_weight,
        mean_without=math.fsum(sum_without) / total_weight,
        difference=difference,
        ci_low=ci_low,
        ci_high=ci_high,
        strata=strata,
        journeys_unmatched=unmatched,
    )
