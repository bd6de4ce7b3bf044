"""Summarising the replications: means over replications and their bootstrap intervals.

Each replication gives, for each group and outcome, its mean paired difference
(and for days to end the difference of its medians and of its p90s), and for each
boundary its difference in findings per 1,000 citizens. A figure is the mean of
those over the replications that have one; its interval is the bootstrap
interval of that mean (:class:`~journeys.whatif.intervals.Bootstrap`).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import fsum

from journeys.bodies import Nation
from journeys.whatif.intervals import Bootstrap
from journeys.whatif.model import BoundaryChange, GroupComparison, OutcomeChange
from journeys.whatif.outcomes import Outcome
from journeys.whatif.pairing import QUANTILES, GroupFigures, ReplicationFigures
from journeys.whatif.runs import BoundaryKey

__all__ = ["boundary_changes", "group_comparison"]


def _mean(values: Sequence[float]) -> float:
    # math.fsum: the exact sum, so the mean does not hang on the order of addition.
    return fsum(values) / len(values) + 0.0


def group_comparison(
    nation: Nation | None,
    replications: Sequence[ReplicationFigures],
    bootstrap: Bootstrap,
    outcomes: Sequence[Outcome],
) -> GroupComparison:
    """The changes for the group ``nation`` (``None``: everyone) over ``replications``."""
    groups = [r.groups.get(nation, GroupFigures()) for r in replications]
    changes: list[OutcomeChange] = []
    for outcome in outcomes:
        sums = [group.sums[outcome] for group in groups if outcome in group.sums]
        if not sums:
            continue
        changes.append(
            OutcomeChange(
                outcome=outcome,
                statistic="mean",
                baseline=_mean([s.baseline / s.paired for s in sums]),
                variant=_mean([s.variant / s.paired for s in sums]),
                difference=_mean(differences := [s.difference / s.paired for s in sums]),
                interval=bootstrap.interval(differences),
                replications=len(sums),
                citizens=sum(s.paired for s in sums),
                worse=sum(s.worse for s in sums),
                better=sum(s.better for s in sums),
            )
        )
        if outcome is Outcome.DAYS_TO_END:
            changes.extend(_quantile_changes(groups, bootstrap))
    return GroupComparison(
        nation=nation,
        citizens=sum(g.citizens for g in groups),
        paired=sum(g.paired for g in groups),
        unserved_baseline=sum(g.unserved_baseline for g in groups),
        unserved_variant=sum(g.unserved_variant for g in groups),
        changes=tuple(changes),
    )


def _quantile_changes(groups: Sequence[GroupFigures], bootstrap: Bootstrap) -> list[OutcomeChange]:
    changes = []
    for name, _ in QUANTILES:
        pairs = [group.quantiles[name] for group in groups if name in group.quantiles]
        differences = [after - before for before, after in pairs]
        changes.append(
            OutcomeChange(
                outcome=Outcome.DAYS_TO_END,
                statistic=name,
                baseline=_mean([before for before, _ in pairs]),
                variant=_mean([after for _, after in pairs]),
                difference=_mean(differences),
                interval=bootstrap.interval(differences),
                replications=len(pairs),
            )
        )
    return changes


def boundary_changes(
    replications: Sequence[ReplicationFigures], bootstrap: Bootstrap
) -> tuple[BoundaryChange, ...]:
    """The change at every boundary and kind met in any replication under either design,
    sorted by bodies (a journey's edge, ``None``, first) and then kind."""
    keys: set[BoundaryKey] = {key for r in replications for key in r.boundaries}
    changes = []
    for key in sorted(keys, key=lambda k: (k[0] or "", k[1] or "", k[2].value)):
        per_thousand: list[tuple[float, float]] = []
        worse = better = 0
        for replication in replications:
            figures = replication.boundaries.get(key)
            scale = 1000.0 / replication.citizens
            if figures is None:
                per_thousand.append((0.0, 0.0))
                continue
            per_thousand.append((figures.baseline * scale, figures.variant * scale))
            worse += figures.worse
            better += figures.better
        differences = [after - before for before, after in per_thousand]
        changes.append(
            BoundaryChange(
                from_body=key[0],
                to_body=key[1],
                kind=key[2],
                baseline=_mean([before for before, _ in per_thousand]),
                variant=_mean([after for _, after in per_thousand]),
                difference=_mean(differences),
                interval=bootstrap.interval(differences),
                citizens=sum(r.paired for r in replications),
                worse=worse,
                better=better,
            )
        )
    return tuple(changes)
