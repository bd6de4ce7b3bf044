"""The result of comparing two designs: outcome changes overall, by nation and by boundary.

Every difference is the variant minus the baseline, so a negative difference in
an outcome that is better lower (all but the experience score) is an improvement.
A value is the mean over replications of each replication's figure; the interval
is the bootstrap 95 % percentile interval of that mean over the replications
(:mod:`journeys.whatif.intervals`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from journeys.analysis import Analysis, FindingKind
from journeys.bodies import Nation
from journeys.whatif.intervals import Interval
from journeys.whatif.outcomes import Outcome

if TYPE_CHECKING:
    from journeys.analysis import Comparison, Granularity

__all__ = ["BoundaryChange", "DesignComparison", "GroupComparison", "OutcomeChange", "Statistic"]

Statistic = str
"""``"mean"`` (the mean over citizens), ``"median"`` or ``"p90"`` (of days to end)."""


def _share(count: int | None, total: int | None) -> float | None:
    if count is None or not total:
        return None
    return count / total


class _Shares:
    """``worse_share`` and ``better_share`` for a change that counts ``worse`` and
    ``better`` out of ``citizens`` (the attrs classes below hold the fields)."""

    __slots__ = ()
    citizens: int | None
    worse: int | None
    better: int | None

    @property
    def worse_share(self) -> float | None:
        """``worse`` as a share of ``citizens``."""
        return _share(self.worse, self.citizens)

    @property
    def better_share(self) -> float | None:
        """``better`` as a share of ``citizens``."""
        return _share(self.better, self.citizens)


@attrs.frozen
class OutcomeChange(_Shares):
    """How one outcome (as ``statistic`` over a group's citizens) changed.

    ``baseline`` and ``variant`` are the means over replications of the group's
    statistic under each design, ``difference`` the mean over replications of the
    paired difference (for ``"mean"``: the mean over citizens of each citizen's
    variant outcome minus their baseline outcome) and ``interval`` its bootstrap
    interval. ``replications`` counts the replications that had a value (the
    experience score needs a citizen who gave scored feedback under both designs).
    For ``"mean"``, ``citizens`` counts the citizen-replications paired (with a
    value under both designs), and ``worse`` and ``better`` those whose outcome
    got worse or better under the variant (over all citizen-replications; the rest
    are unchanged); they are ``None`` for a quantile, which is no one's outcome.
    """

    outcome: Outcome
    statistic: Statistic
    baseline: float
    variant: float
    difference: float
    interval: Interval
    replications: int
    citizens: int | None = None
    worse: int | None = None
    better: int | None = None

    @property
    def improved(self) -> bool | None:
        """Whether the whole interval lies on the better side of zero (``False``: on the
        worse side; ``None``: it covers zero)."""
        if self.interval.covers(0.0):
            return None
        lower_is_better = not self.outcome.higher_is_better
        return (self.interval.high < 0.0) == lower_is_better


@attrs.frozen
class GroupComparison:
    """The changes for one group of citizens: everyone (``nation`` ``None``) or one nation.

    ``citizens`` counts the group's citizen-replications; ``paired`` those with a
    journey under both designs, whose outcomes are compared. A citizen whose
    nation one design does not serve has no journey under it: they are counted in
    ``unserved_baseline`` or ``unserved_variant`` and left out of every outcome
    (there is nothing to pair), though their findings under the design that does
    serve them count in the boundary rates.
    """

    nation: Nation | None
    citizens: int
    paired: int
    unserved_baseline: int
    unserved_variant: int
    changes: tuple[OutcomeChange, ...]

    @property
    def label(self) -> str:
        """``"all"`` or the nation's id."""
        return "all" if self.nation is None else self.nation.value

    def change(self, outcome: Outcome | str, statistic: Statistic = "mean") -> OutcomeChange:
        """The change of ``outcome`` as ``statistic``.

        Raises:
            KeyError: when the group has no such change (the experience score
                without a simulated voice, or a quantile of another outcome).
        """
        wanted = Outcome(outcome)
        for change in self.changes:
            if change.outcome is wanted and change.statistic == statistic:
                return change
        raise KeyError(f"{self.label}: no {statistic} of {wanted.value}")


@attrs.frozen
class BoundaryChange(_Shares):
    """How often one kind of finding fell at one boundary ``from_body → to_body``.

    ``baseline`` and ``variant`` are findings per 1,000 citizens of the population
    (every citizen drawn, served or not), means over replications; ``difference``
    and ``interval`` as in :class:`OutcomeChange`. ``worse`` and ``better`` count
    the paired citizen-replications who met more, or fewer, of these findings here
    under the variant, out of ``citizens``.
    """

    from_body: str | None
    to_body: str | None
    kind: FindingKind
    baseline: float
    variant: float
    difference: float
    interval: Interval
    citizens: int
    worse: int
    better: int


@attrs.frozen
class DesignComparison:
    """Two designs run on one simulated population (see :func:`~journeys.whatif.compare_designs`).

    ``overall`` compares every citizen, ``by_nation`` each nation with citizens (in
    the order of :class:`~journeys.bodies.Nation`), ``by_boundary`` every boundary
    and kind of finding met under either design (sorted by bodies, then kind).
    ``baseline_analysis`` and ``variant_analysis`` are each design's analysis pooled
    over every replication, kept only when asked for (``pooled=True``): they feed
    :meth:`difference` and its pictures, and are no part of equality or the JSON.
    """

    baseline: str
    variant: str
    citizens: int
    seed: int
    replications: int
    resamples: int
    voice: bool
    overall: GroupComparison
    by_nation: tuple[GroupComparison, ...]
    by_boundary: tuple[BoundaryChange, ...]
    baseline_analysis: Analysis | None = attrs.field(default=None, eq=False, repr=False)
    variant_analysis: Analysis | None = attrs.field(default=None, eq=False, repr=False)

    def nation(self, nation: Nation | str) -> GroupComparison:
        """The changes for the citizens of ``nation``.

        Raises:
            KeyError: when no simulated citizen lives there.
        """
        wanted = Nation(nation)
        for group in self.by_nation:
            if group.nation is wanted:
                return group
        raise KeyError(f"no simulated citizen lives in {wanted.value}")

    def difference(
        self, granularity: Granularity | str = "touchpoint", *, changed: bool = False
    ) -> Comparison:
        """The pooled analyses compared (:func:`journeys.analysis.compare`, baseline as
        A, variant as B): what :func:`~journeys.render.render_difference_map` and
        :func:`~journeys.render.render_difference_network` draw. With ``changed``, only
        what changed at all (:func:`journeys.whatif.difference.changed_only`): the
        same citizens meet the same luck, so what the designs share is identical.

        Raises:
            ValueError: when the comparison was made without ``pooled=True``.
        """
        from journeys.analysis import compare
        from journeys.whatif.difference import changed_only

        if self.baseline_analysis is None or self.variant_analysis is None:
            raise ValueError("no pooled analyses: compare the designs with pooled=True")
        both = compare(
            self.baseline_analysis,
            self.variant_analysis,
            granularity=granularity,
            first_label=f"baseline {self.baseline}",
            second_label=f"variant {self.variant}",
        )
        return changed_only(both) if changed else both

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON data (schema ``design-comparison-1``; see
        :mod:`journeys.whatif.comparison_json`): the same comparison, the same bytes."""
        from journeys.whatif.comparison_json import comparison_json

        return comparison_json(self)
