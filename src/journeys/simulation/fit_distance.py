"""How far a simulation of a fitted design is from the journeys it was fitted to.

Three measures, each reported whatever it shows:

- the **Kolmogorov–Smirnov distance** between the two samples of cycle times
  (journey started → ended): the largest gap between their empirical
  distribution functions, from 0 (the same) to 1 (no overlap). Above
  :attr:`FitDistance.ks_critical`, the 5 % critical value for the two sample
  sizes, the two samples are unlikely to come from one distribution;
- the **total-variation distance** between the two directly-follows graphs: half
  the sum, over every edge of either (with a start and an end edge for each
  journey's first and last step), of the difference in the share of transitions
  on that edge; 0 when the edges are travelled in the same proportions, 1 when
  no edge is shared. The graphs are the analysis's journey map at touchpoint
  granularity. Two samples of one process are not at 0: compare it with
  :attr:`FitDistance.directly_follows_floor`;
- each **failure rate** of the observed journeys against the simulated ones,
  both fitted by :func:`~journeys.simulation.calibration.calibrate`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import timedelta
from statistics import median

import attrs

from journeys.analysis import analyse
from journeys.analysis.journey_map import Granularity
from journeys.application import JourneyApp
from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue
from journeys.journey import Journey
from journeys.simulation.calibration import Calibration, Source, calibrate, events_of
from journeys.simulation.population import simulate

KS_CRITICAL_FACTOR = 1.358
"""``c(0.05)`` of the two-sample Kolmogorov–Smirnov test: the critical distance is
``c * sqrt((n + m) / (n * m))``."""

PATHS_FACTOR = 2.0
"""How many times the distance between two halves of the observed journeys the
paths of a simulation may be from them and still agree: half samples are about
``sqrt(2)`` times further apart than two whole ones, so this leaves some room."""

START, END = ("", "▶ start"), ("", "■ end")
"""The nodes a journey's first step comes from and its last goes to."""


@attrs.frozen
class RateDifference:
    """One failure rate, observed and in the simulation (``None``: no chance to fail)."""

    parameter: str
    observed: float | None
    simulated: float | None

    @property
    def difference(self) -> float | None:
        """``simulated - observed`` (``None`` if either is)."""
        if self.observed is None or self.simulated is None:
            return None
        return self.simulated - self.observed


@attrs.frozen
class FitDistance:
    """The distance between observed journeys and a simulation (see the module docs).

    ``directly_follows_floor`` is the total-variation distance between two halves
    of the observed journeys (alternate journeys): what sampling alone gives at
    half the size, so a ``directly_follows_tv`` near it is as close as the
    observed journeys can tell.
    """

    observed_journeys: int
    simulated_journeys: int
    cycle_time_ks: float
    ks_critical: float
    observed_cycle_median: timedelta | None
    simulated_cycle_median: timedelta | None
    directly_follows_tv: float
    directly_follows_floor: float
    rates: tuple[RateDifference, ...]

    @property
    def cycle_times_agree(self) -> bool:
        """Whether the cycle-time distance is within the 5 % critical value."""
        return self.cycle_time_ks <= self.ks_critical

    @property
    def paths_agree(self) -> bool:
        """Whether the directly-follows distance is within :data:`PATHS_FACTOR` times
        :attr:`directly_follows_floor`."""
        return self.directly_follows_tv <= PATHS_FACTOR * self.directly_follows_floor


def ks_distance(first: Sequence[float], second: Sequence[float]) -> float:
    """The two-sample Kolmogorov–Smirnov distance: the largest difference between the
    empirical distribution functions of ``first`` and ``second`` (1.0 if either is empty)."""
    if not first or not second:
        return 1.0
    a, b = sorted(first), sorted(second)
    return max(abs(bisect_right(a, x) / len(a) - bisect_right(b, x) / len(b)) for x in (*a, *b))


def ks_critical(first: int, second: int) -> float:
    """The 5 % critical value of the distance for samples of these sizes (1.0 if one
    is empty)."""
    if first < 1 or second < 1:
        return 1.0
    return KS_CRITICAL_FACTOR * math.sqrt((first + second) / (first * second))


def total_variation(first: Mapping[Hashable, int], second: Mapping[Hashable, int]) -> float:
    """Half the sum of the differences in share between two count distributions
    (0: the same proportions; 1: disjoint, or either empty)."""
    first_total, second_total = sum(first.values()), sum(second.values())
    if not first_total or not second_total:
        return 1.0
    keys = set(first) | set(second)
    return 0.5 * math.fsum(
        abs(first.get(k, 0) / first_total - second.get(k, 0) / second_total) for k in keys
    )


def directly_follows(
    source: JourneyApp | Iterable[Journey.Event], catalogue: Catalogue | None = None
) -> Counter[Hashable]:
    """The directly-follows edge counts of ``source`` at touchpoint granularity, with
    :data:`START` and :data:`END` edges (``catalogue``: as :func:`~journeys.analyse`)."""
    journey_map = analyse(source, catalogue=catalogue).map(Granularity.TOUCHPOINT)
    counts: Counter[Hashable] = Counter()
    for edge in journey_map.edges:
        counts[(edge.source, edge.target)] += edge.count
    for node in journey_map.nodes:
        key = (node.body, node.label)
        if node.starts:
            counts[(START, key)] += node.starts
        if node.ends:
            counts[(key, END)] += node.ends
    return counts


def cycle_times(events: Iterable[Journey.Event]) -> list[float]:
    """The seconds from start to end of every journey in ``events`` that ended."""
    started: dict[object, float] = {}
    cycles = []
    for event in events:
        if isinstance(event, Journey.Started):
            started[event.originator_id] = event.occurred_at.timestamp()
        elif isinstance(event, Journey.Ended) and event.originator_id in started:
            cycles.append(event.occurred_at.timestamp() - started.pop(event.originator_id))
    return cycles


def simulate_calibration(
    calibration: Calibration,
    blueprints: Iterable[Blueprint],
    *,
    citizens: int,
    seed: int = 0,
) -> list[Journey.Event]:
    """The events of ``citizens`` simulated through ``blueprints`` with the fitted
    settings, in the observed journeys' shares of nations."""
    settings = calibration.to_settings()
    journeys = simulate(
        list(blueprints),
        citizens=citizens,
        seed=seed,
        nations=dict(calibration.nations),
        **settings.keywords(),
    )
    return [event for journey in journeys for event in events_of([journey])]


def fit_distance(
    observed: Source,
    simulated: Source,
    *,
    blueprint: Blueprint | Iterable[Blueprint] | None = None,
    catalogue: Catalogue | None = None,
) -> FitDistance:
    """The distance between ``observed`` and ``simulated`` journeys (stores, events or
    journeys). Failure rates are fitted to both against ``blueprint``.

    Each side is read once, and held in memory while it is measured. ``catalogue``
    classifies the observed bodies for the analysis behind the directly-follows
    graph (default: an observed store's own, else the bundled UK catalogue).
    """
    blueprints = [blueprint] if isinstance(blueprint, Blueprint) else list(blueprint or ())
    if catalogue is None and isinstance(observed, JourneyApp):
        catalogue = observed.catalogue
    sides = [list(events_of(observed)), list(events_of(simulated))]
    cycles = [cycle_times(side) for side in sides]
    graphs = [directly_follows(sides[0], catalogue), directly_follows(sides[1])]
    halves = [directly_follows(half, catalogue) for half in _halves(sides[0])]
    fits = [calibrate(side, blueprint=blueprints) for side in sides]
    rates = tuple(
        RateDifference(
            fit.parameter,
            fit.observed,
            other.observed if (other := fits[1].rate(fit.parameter)) is not None else None,
        )
        for fit in fits[0].rates
        if fit.scope is None
    )
    return FitDistance(
        observed_journeys=fits[0].journeys,
        simulated_journeys=fits[1].journeys,
        cycle_time_ks=ks_distance(*cycles),
        ks_critical=ks_critical(len(cycles[0]), len(cycles[1])),
        observed_cycle_median=_median(cycles[0]),
        simulated_cycle_median=_median(cycles[1]),
        directly_follows_tv=total_variation(*graphs),
        directly_follows_floor=total_variation(*halves),
        rates=rates,
    )


def _halves(events: Iterable[Journey.Event]) -> tuple[list[Journey.Event], list[Journey.Event]]:
    """The events of alternate journeys (in the order they start), as two lists."""
    halves: tuple[list[Journey.Event], list[Journey.Event]] = ([], [])
    side: dict[object, int] = {}
    for event in events:
        if isinstance(event, Journey.Started):
            side[event.originator_id] = len(side) % 2
        if event.originator_id in side:
            halves[side[event.originator_id]].append(event)
    return halves


def _median(seconds: list[float]) -> timedelta | None:
    return timedelta(seconds=median(seconds)) if seconds else None
