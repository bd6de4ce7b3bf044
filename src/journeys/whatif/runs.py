"""Running one replication: the same citizens, with the same luck, under two designs.

Replication ``r`` simulates the population with seed ``seed + r`` through each
design. The simulator keys every draw by the seed, the citizen, the journey's
trigger, the step or hand-off and the purpose (:mod:`journeys.simulation.draws`),
so a citizen meets the same luck under both designs wherever the designs agree.
Each design's journeys are analysed by one gap engine for the whole replication
(never one per journey), against that design's blueprint, and streamed: a
journey's events are read once, as the engine folds them.

A design that does not serve a nation the other serves would otherwise spread
the citizens over fewer nations and so change citizens' nations; instead
both designs draw nations over the nations either serves, and a citizen whose
nation a design does not serve simply has no journey under it (*unserved*).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime
from functools import cache
from uuid import UUID

import attrs

from journeys.analysis import Analysis, FindingKind, GapEngine, analyse
from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue, Nation
from journeys.journey import Journey
from journeys.simulation import NationWeights, SimulationSettings, Voice
from journeys.simulation.population import DEFAULT_PERIOD, DEFAULT_START, Population
from journeys.whatif.outcomes import CitizenOutcome, JourneyRecord, outcomes_of

__all__ = ["BoundaryKey", "CitizenRun", "DesignRun", "paired_populations", "pooled_engine"]

BoundaryKey = tuple[str | None, str | None, FindingKind]
"""``(from_body, to_body, kind)`` of a finding: where a gap fell, and which gap."""

# Hand-off latency is a measure, not a gap: it is not counted at a boundary.
_NOT_COUNTED = frozenset({FindingKind.HANDOFF_LATENCY})


@attrs.frozen
class CitizenRun:
    """One citizen's outcome under one design, with their findings per boundary."""

    outcome: CitizenOutcome
    boundaries: Mapping[BoundaryKey, int]


def paired_populations(
    baseline: Blueprint,
    variant: Blueprint,
    *,
    citizens: int,
    seed: int,
    nations: NationWeights | Mapping[Nation | str, float] | None,
    baseline_settings: SimulationSettings | None,
    variant_settings: SimulationSettings | None,
    voice: Voice | None,
    catalogue: Catalogue | None,
    start: datetime = DEFAULT_START,
) -> tuple[Population, Population]:
    """The populations of one replication under ``baseline`` and ``variant``: the same
    citizens, drawn over the nations either design serves (see the module docs).

    Raises:
        ValueError: a bad argument, or a design that serves no nation with a weight
            above zero.
        BlueprintError: with ``catalogue``, a design naming a body it does not know.
    """

    def plan(design: Blueprint, settings: SimulationSettings | None) -> Population:
        return Population.plan(
            [design],
            citizens=citizens,
            seed=seed,
            nations=nations,
            start=start,
            period=DEFAULT_PERIOD,
            delays=settings.delays if settings is not None else None,
            failures=settings.failures if settings is not None else None,
            behaviour=settings.behaviour if settings is not None else None,
            catalogue=catalogue,
            voice=voice,
        )

    first, second = plan(baseline, baseline_settings), plan(variant, variant_settings)
    served = first.designs.keys() | second.designs.keys()

    def every_nation(population: Population) -> Population:
        # An empty tuple of designs: the citizen is drawn there, then has no journey.
        mine = population.designs
        return attrs.evolve(population, designs={n: mine.get(n, ()) for n in served})

    return every_nation(first), every_nation(second)


@attrs.define
class DesignRun:
    """One design's side of one replication: each citizen's outcome and findings by
    boundary; with ``pooled``, the design's journeys also feed that engine."""

    design: Blueprint
    catalogue: Catalogue | None
    pooled: GapEngine | None = None
    citizens: dict[int, CitizenRun] = attrs.field(factory=dict)
    boundaries: Counter[BoundaryKey] = attrs.field(factory=Counter)

    def run(self, population: Population) -> Analysis:
        """Simulate ``population``, analyse it with one engine, and record each
        citizen's outcome; returns the replication's analysis of this design."""
        records: dict[UUID, JourneyRecord] = {}
        analysis = analyse(
            self._events(population, records), catalogue=self.catalogue, blueprint=self.design
        )
        by_journey: dict[UUID, Counter[BoundaryKey]] = {}
        for finding in analysis.findings:
            if finding.kind not in _NOT_COUNTED and finding.journey in records:
                key = (finding.from_body, finding.to_body, finding.kind)
                by_journey.setdefault(finding.journey, Counter())[key] += 1
                self.boundaries[key] += 1
        for journey, (record, outcome) in zip(
            records, outcomes_of(records, analysis.findings), strict=True
        ):
            # One blueprint per design: each citizen has at most one journey.
            self.citizens[record.citizen_index] = CitizenRun(
                outcome, by_journey.get(journey, Counter())
            )
        return analysis

    def _events(
        self, population: Population, records: dict[UUID, JourneyRecord]
    ) -> Iterator[Journey.Event]:
        pooled = self.pooled
        for simulated in population.journeys():
            journey = simulated.journey
            record = JourneyRecord(simulated.citizen_index, journey.nation)
            records[journey.id] = record
            events: list[Journey.Event] = []
            for event in journey.collect_events():
                assert isinstance(event, Journey.Event)
                record.see(event)
                events.append(event)
            if pooled is not None:
                pooled.apply_all(events)
            yield from events


def pooled_engine(design: Blueprint, catalogue: Catalogue) -> GapEngine:
    """An engine that analyses a design's journeys over every replication, as
    :func:`~journeys.analysis.analyse` would (boundaries from ``catalogue``, the
    design's conformance)."""
    return GapEngine(classify=cache(catalogue.boundary), blueprints=[design])
