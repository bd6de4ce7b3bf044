"""``compare_designs()``: two designs of a service run on one simulated population."""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis import Analysis, GapEngine
from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue, Nation
from journeys.simulation import NationWeights, SimulationSettings, Voice
from journeys.whatif.intervals import RESAMPLES, Bootstrap
from journeys.whatif.model import DesignComparison
from journeys.whatif.outcomes import Outcome
from journeys.whatif.pairing import ReplicationFigures
from journeys.whatif.runs import DesignRun, paired_populations, pooled_engine
from journeys.whatif.summary import boundary_changes, group_comparison

__all__ = ["compare_designs"]


def compare_designs(
    baseline: Blueprint,
    variant: Blueprint,
    *,
    citizens: int = 1000,
    seed: int = 0,
    replications: int = 10,
    nations: NationWeights | Mapping[Nation | str, float] | None = None,
    baseline_settings: SimulationSettings | None = None,
    variant_settings: SimulationSettings | None = None,
    voice: Voice | None = None,
    catalogue: Catalogue | None = None,
    pooled: bool = False,
) -> DesignComparison:
    """Run ``citizens`` simulated citizens through ``baseline`` and through ``variant``,
    ``replications`` times, and compare each citizen's outcomes under the two.

    Replication ``r`` simulates the population with seed ``seed + r`` under both
    designs (nations drawn by ``nations``, default by population; delays,
    failures and behaviour from each design's settings, default the simulator's;
    feedback and complaints with ``voice``), so a citizen meets the same luck
    under both wherever the designs agree. Each design's journeys of a replication
    are analysed by one gap engine, against the design's own blueprint, and each
    citizen's :class:`~journeys.whatif.CitizenOutcome` under the baseline is paired
    with theirs under the variant.

    The result compares, overall and for each nation, the mean of every
    :class:`~journeys.whatif.Outcome` (the experience score only with a
    ``voice``) and the median and p90 of days to end; and for every boundary
    ``from_body → to_body`` the findings of each kind per 1,000 citizens. Each
    difference is the variant minus the baseline, averaged over replications,
    with a bootstrap 95 % interval over the replications (seeded by ``seed``).
    Citizens whose nation one design does not serve are counted as unserved and
    left out of the paired outcomes (see :class:`~journeys.whatif.GroupComparison`).

    The same arguments give the same comparison, and the same JSON bytes. With
    ``pooled``, each design's analysis over every replication is kept too (for
    :meth:`DesignComparison.difference` and its pictures); it holds every
    finding, so its memory grows with ``citizens * replications``.

    Raises:
        ValueError: ``replications`` below 2 (an interval needs two), ``citizens``
            below 1, or a design that serves no nation with a weight above zero.
        BlueprintError: with ``catalogue``, a design naming a body it does not know.
    """
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 2:
        raise ValueError(
            f"replications must be a whole number >= 2 (an interval needs at least two), "
            f"got {replications!r}"
        )
    if isinstance(citizens, bool) or not isinstance(citizens, int) or citizens < 1:
        raise ValueError(f"citizens must be a whole number >= 1, got {citizens!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an int, got {seed!r}")
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    engines: tuple[GapEngine, GapEngine] | None = (
        (pooled_engine(baseline, catalogue), pooled_engine(variant, catalogue)) if pooled else None
    )
    figures = []
    for replication in range(replications):
        populations = paired_populations(
            baseline,
            variant,
            citizens=citizens,
            seed=seed + replication,
            nations=nations,
            baseline_settings=baseline_settings,
            variant_settings=variant_settings,
            voice=voice,
            catalogue=catalogue,
        )
        runs = (
            DesignRun(baseline, catalogue, engines[0] if engines else None),
            DesignRun(variant, catalogue, engines[1] if engines else None),
        )
        for run, population in zip(runs, populations, strict=True):
            run.run(population)
        figures.append(
            ReplicationFigures.pair(
                citizens, runs[0].citizens, runs[1].citizens, runs[0].boundaries, runs[1].boundaries
            )
        )
    bootstrap = Bootstrap(seed)
    outcomes = [o for o in Outcome if voice is not None or o is not Outcome.EXPERIENCE]
    nations_met = [n for n in Nation if any(n in r.groups for r in figures)]
    analyses: tuple[Analysis | None, Analysis | None] = (None, None)
    if engines is not None:
        analyses = (
            Analysis.build(engines[0], catalogue=catalogue, as_of=None),
            Analysis.build(engines[1], catalogue=catalogue, as_of=None),
        )
    return DesignComparison(
        baseline=baseline.id,
        variant=variant.id,
        citizens=citizens,
        seed=seed,
        replications=replications,
        resamples=RESAMPLES,
        voice=voice is not None,
        overall=group_comparison(None, figures, bootstrap, outcomes),
        by_nation=tuple(group_comparison(n, figures, bootstrap, outcomes) for n in nations_met),
        by_boundary=boundary_changes(figures, bootstrap),
        baseline_analysis=analyses[0],
        variant_analysis=analyses[1],
    )
