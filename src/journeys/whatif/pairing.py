"""One replication's paired figures: each citizen's two outcomes, reduced as they are paired.

A replication of 10,000 citizens is reduced at once to a few sums per group,
outcome and boundary, so that only those are kept across replications. The
quantiles of days to end need the values themselves: they are kept per group for
the replication, and reduced to the median and p90 before the next one runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import attrs

from journeys.bodies import Nation
from journeys.whatif.intervals import quantile
from journeys.whatif.outcomes import Outcome
from journeys.whatif.runs import BoundaryKey, CitizenRun

__all__ = ["QUANTILES", "BoundaryFigures", "GroupFigures", "OutcomeSums", "ReplicationFigures"]

QUANTILES: tuple[tuple[str, float], ...] = (("median", 0.5), ("p90", 0.9))
"""The quantiles of days to end compared, by name."""


@attrs.define
class OutcomeSums:
    """One outcome's paired sums in one group and replication."""

    paired: int = 0
    baseline: float = 0.0
    variant: float = 0.0
    difference: float = 0.0
    worse: int = 0
    better: int = 0

    def add(self, outcome: Outcome, before: float, after: float) -> None:
        """Pair one citizen's ``before`` (baseline) and ``after`` (variant)."""
        self.paired += 1
        self.baseline += before
        self.variant += after
        self.difference += after - before
        if after != before:
            if (after > before) == outcome.higher_is_better:
                self.better += 1
            else:
                self.worse += 1


@attrs.define
class GroupFigures:
    """One group's figures in one replication."""

    citizens: int = 0
    paired: int = 0
    unserved_baseline: int = 0
    unserved_variant: int = 0
    sums: dict[Outcome, OutcomeSums] = attrs.field(factory=dict)
    quantiles: dict[str, tuple[float, float]] = attrs.field(factory=dict)
    days: tuple[list[float], list[float]] = attrs.field(factory=lambda: ([], []))

    def add(self, baseline: CitizenRun | None, variant: CitizenRun | None) -> None:
        """Count one citizen, and pair their outcomes when both designs served them."""
        self.citizens += 1
        if baseline is None or variant is None:
            self.unserved_baseline += baseline is None
            self.unserved_variant += variant is None
            return
        self.paired += 1
        for outcome in Outcome:
            before = baseline.outcome.value(outcome)
            after = variant.outcome.value(outcome)
            if before is not None and after is not None:
                self.sums.setdefault(outcome, OutcomeSums()).add(outcome, before, after)
        self.days[0].append(baseline.outcome.days_to_end)
        self.days[1].append(variant.outcome.days_to_end)

    def settle(self) -> None:
        """Reduce the kept days to their quantiles and let them go."""
        if self.paired:
            ordered = (sorted(self.days[0]), sorted(self.days[1]))
            self.quantiles = {
                name: (quantile(ordered[0], q), quantile(ordered[1], q)) for name, q in QUANTILES
            }
        self.days = ([], [])


@attrs.define
class BoundaryFigures:
    """One boundary and kind's counts in one replication."""

    baseline: int = 0
    variant: int = 0
    worse: int = 0
    better: int = 0


@attrs.frozen
class ReplicationFigures:
    """Everything kept of one replication: figures by group (``None``: everyone) and
    by boundary, and how many citizens were drawn."""

    citizens: int
    groups: dict[Nation | None, GroupFigures]
    boundaries: dict[BoundaryKey, BoundaryFigures]
    paired: int

    @classmethod
    def pair(
        cls,
        citizens: int,
        baseline: dict[int, CitizenRun],
        variant: dict[int, CitizenRun],
        baseline_counts: Counter[BoundaryKey],
        variant_counts: Counter[BoundaryKey],
    ) -> ReplicationFigures:
        """Pair the two designs' runs of one replication's ``citizens`` citizens."""
        groups: dict[Nation | None, GroupFigures] = {None: GroupFigures()}
        boundaries: dict[BoundaryKey, BoundaryFigures] = {}
        for key in baseline_counts.keys() | variant_counts.keys():
            boundaries[key] = BoundaryFigures(baseline_counts[key], variant_counts[key])
        paired = 0
        for index in sorted(baseline.keys() | variant.keys()):
            before, after = baseline.get(index), variant.get(index)
            either = before if before is not None else after
            assert either is not None
            nation = either.outcome.nation
            groups[None].add(before, after)
            groups.setdefault(nation, GroupFigures()).add(before, after)
            if before is not None and after is not None:
                paired += 1
                _pair_boundaries(boundaries, before.boundaries, after.boundaries)
        for group in groups.values():
            group.settle()
        return cls(citizens, groups, boundaries, paired)


def _pair_boundaries(
    boundaries: dict[BoundaryKey, BoundaryFigures],
    before: Mapping[BoundaryKey, int],
    after: Mapping[BoundaryKey, int],
) -> None:
    for key in _keys(before, after):
        first, second = before.get(key, 0), after.get(key, 0)
        if second > first:
            boundaries[key].worse += 1
        elif second < first:
            boundaries[key].better += 1


def _keys(*counts: Iterable[BoundaryKey]) -> set[BoundaryKey]:
    return {key for count in counts for key in count}
