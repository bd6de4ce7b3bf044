"""``simulate()``: a seeded, streamed population of journeys drawn from blueprints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from itertools import accumulate

import attrs

from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue, Nation
from journeys.journey import Journey, journey_id
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.design import Design
from journeys.simulation.draws import Draws
from journeys.simulation.failures import Failures
from journeys.simulation.nations import NationWeights
from journeys.simulation.schedule import Schedule
from journeys.simulation.voice import Voice
from journeys.simulation.voice_plan import Speaker, speaker_for

DEFAULT_START = datetime(2024, 1, 1, tzinfo=UTC)
"""When the default simulated year begins (a fixed date: the same seed, the same times)."""

DEFAULT_PERIOD = timedelta(days=365)
"""Over how long the life events of a simulated population are spread by default."""

Blueprints = Iterable[Blueprint] | Mapping[str, Blueprint]
"""Blueprints as a collection, or as :func:`~journeys.blueprints.bundled_blueprints` gives them."""


@attrs.frozen
class SimulatedJourney:
    """A simulated journey with where it sits in the population.

    ``citizen_index`` counts citizens from 0 and ``index`` journeys from 0; the
    journey's id is ``journey_id(f"simulate:{seed}", str(index))``.
    """

    citizen_index: int
    index: int
    journey: Journey


@attrs.frozen(eq=False)
class Population:
    """Everything that decides a simulated population (see :func:`simulate`)."""

    designs: Mapping[Nation, tuple[Design, ...]]
    citizens: int
    seed: int
    nations: NationWeights
    start: datetime
    period: timedelta
    delays: Delays
    failures: Failures
    behaviour: Behaviour
    speaker: Speaker | None = None

    @classmethod
    def plan(
        cls,
        blueprints: Blueprints,
        *,
        citizens: int,
        seed: int,
        nations: NationWeights | Mapping[Nation | str, float] | None,
        start: datetime,
        period: timedelta,
        delays: Delays | None,
        failures: Failures | None,
        behaviour: Behaviour | None,
        catalogue: Catalogue | None,
        voice: Voice | None = None,
    ) -> Population:
        """Check the arguments and prepare every blueprint for every nation it covers
        (``None`` delays, failures and behaviour: the defaults)."""
        delays = delays if delays is not None else Delays()
        failures = failures if failures is not None else Failures()
        behaviour = behaviour if behaviour is not None else Behaviour()
        if isinstance(citizens, bool) or not isinstance(citizens, int) or citizens < 0:
            raise ValueError(f"citizens must be a whole number >= 0, got {citizens!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be an int, got {seed!r}")
        if not isinstance(start, datetime) or start.utcoffset() is None:
            raise ValueError(f"start must be a timezone-aware datetime, got {start!r}")
        if not isinstance(period, timedelta) or period <= timedelta(0):
            raise ValueError(f"period must be a positive timedelta, got {period!r}")
        chosen = list(blueprints.values() if isinstance(blueprints, Mapping) else blueprints)
        if not chosen:
            raise ValueError("simulate needs at least one blueprint")
        designs: dict[Nation, list[Design]] = {}
        for blueprint in sorted(chosen, key=lambda b: b.id):
            if not isinstance(blueprint, Blueprint):
                raise ValueError(f"not a Blueprint: {blueprint!r}")
            if catalogue is not None:
                blueprint.check_bodies(catalogue)
            for nation in sorted(blueprint.nations, key=lambda n: n.value):
                design = Design(blueprint.for_nation(nation), delays, failures, behaviour)
                if not design.is_empty:
                    designs.setdefault(nation, []).append(design)
        weights = NationWeights.of(nations if nations is not None else NationWeights())
        if not any(weights.as_mapping()[nation] > 0 for nation in designs):
            covered = ", ".join(sorted(nation.value for nation in designs)) or "none"
            raise ValueError(
                f"no nation with a weight above zero is covered by the blueprints (they cover: "
                f"{covered})"
            )
        return cls(
            designs={nation: tuple(found) for nation, found in designs.items()},
            citizens=citizens,
            seed=seed,
            nations=weights,
            start=start.astimezone(UTC),
            period=period,
            delays=delays,
            failures=failures,
            behaviour=behaviour,
            speaker=speaker_for(voice),
        )

    def journeys(self) -> Iterator[SimulatedJourney]:
        """Generate the population, one journey at a time.

        Every draw is keyed (:class:`~journeys.simulation.draws.Draws`) by the seed,
        the citizen, and for a journey its design's key (:func:`design_keys`), so a
        citizen's nation and number of journeys do not depend on the designs (only on
        which nations they cover and how many designs each has), and a design swapped
        for a variant of the same trigger is chosen, started and lived with the same
        luck.
        """
        weights = self.nations.as_mapping()
        nations = [n for n in Nation if n in self.designs and weights[n] > 0]
        nation_weights = list(accumulate(weights[n] for n in nations))
        count_weights = list(accumulate(self.behaviour.journeys_per_citizen))
        keyed = {nation: design_keys(self.designs[nation]) for nation in nations}
        period_seconds = self.period.total_seconds()
        source = f"simulate:{self.seed}"
        index = 0
        for citizen_index in range(self.citizens):
            draws = Draws("journeys.simulate", self.seed, citizen_index)
            citizen = f"sim-{self.seed}-{citizen_index}"
            nation = nations[draws.weighted(nation_weights, "citizen", "nation")]
            designs = keyed[nation]
            count = draws.weighted(count_weights, "citizen", "journeys") + 1
            chosen = draws.sample(designs, count, _key, "design")
            started = sorted(
                (draws.uniform(key, "start") * period_seconds, key, design)
                for key, design in chosen
            )
            for offset, key, design in started:
                schedule = Schedule(draws.within(key), self.delays, self.behaviour, self.speaker)
                journey = schedule.build(
                    design,
                    journey_id=journey_id(source, str(index)),
                    citizen=citizen,
                    started_at=self.start + timedelta(seconds=offset),
                )
                yield SimulatedJourney(citizen_index, index, journey)
                index += 1


def design_keys(designs: Iterable[Design]) -> list[tuple[str, Design]]:
    """Each design with the key of its draws: its trigger, numbered among the designs of
    the same trigger (in order of blueprint id) when there are several.

    A design is keyed by what it is for, not by its blueprint's id, so that a variant
    of a blueprint (another id, the same trigger) draws what its base would.
    """
    seen: dict[str, int] = {}
    keyed = []
    for design in designs:
        trigger = design.blueprint.trigger
        number = seen[trigger] = seen.get(trigger, -1) + 1
        keyed.append((trigger if number == 0 else f"{trigger}#{number}", design))
    return keyed


def _key(pair: tuple[str, Design]) -> str:
    return pair[0]


def simulate(
    blueprints: Blueprints,
    *,
    citizens: int,
    seed: int = 0,
    nations: NationWeights | Mapping[Nation | str, float] | None = None,
    start: datetime = DEFAULT_START,
    period: timedelta = DEFAULT_PERIOD,
    delays: Delays | None = None,
    failures: Failures | None = None,
    behaviour: Behaviour | None = None,
    catalogue: Catalogue | None = None,
    voice: Voice | None = None,
) -> Iterator[Journey]:
    """Generate the journeys of ``citizens`` simulated citizens from ``blueprints``.

    Each citizen lives in a nation drawn by ``nations`` (default: by population)
    and lives one or more journeys (``behaviour.journeys_per_citizen``), each
    through a different blueprint that covers their nation, resolved for it. The
    journeys start at random times in ``[start, start + period)``, follow the
    blueprint with ``delays``, and go wrong as often as ``failures`` says. Every
    journey is built through the :class:`~journeys.journey.Journey` command
    methods and ends; its events are pending, ready for ``app.save``.

    The same arguments and ``seed`` give the same journeys, ids, citizen
    references and times in any process: the ``index``-th journey's id is
    ``journey_id(f"simulate:{seed}", str(index))``. A smaller population is a
    prefix of a larger one with the same seed. It is a generator: journeys are
    made as they are asked for, so a population never sits in memory at once.

    With ``catalogue``, every blueprint's bodies are checked against it first
    (:class:`~journeys.errors.BlueprintError` otherwise). Arguments are checked
    when it is called; a bad one raises ``ValueError``.

    With ``voice`` (a :class:`~journeys.simulation.Voice`), citizens also give
    feedback and complain, with scores that fall with the gaps they met, and
    cases name their channel; the rest of the population is the same as without.

    >>> from journeys import bundled_blueprints, simulate
    >>> journeys = list(simulate(bundled_blueprints(), citizens=3, seed=7))
    >>> all(journey.is_ended for journey in journeys)
    True
    """
    population = Population.plan(
        blueprints,
        citizens=citizens,
        seed=seed,
        nations=nations,
        start=start,
        period=period,
        delays=delays,
        failures=failures,
        behaviour=behaviour,
        catalogue=catalogue,
        voice=voice,
    )
    return (simulated.journey for simulated in population.journeys())
