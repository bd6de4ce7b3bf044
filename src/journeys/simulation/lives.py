"""``simulate_lives()``: seeded whole lives, each a sequence of journeys over decades.

Each simulated citizen is born at a random moment in ``[born_from, born_until)``
into a nation drawn by the nation weights, and lives the life events a
:class:`~journeys.simulation.LifeCourse` draws for them, in order of age, until
their death or until ``until`` (the end of the simulated history; later events
have not happened yet). Each life event is a journey through a blueprint of its
trigger that covers the citizen's nation, resolved for the nation on the day
(``blueprint.for_nation(nation, on)``: only the rules in force then), and every
journey of a life has the same citizen reference. A move may take the citizen to
another nation, and their later journeys are that nation's.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

import attrs

from journeys.blueprints import Blueprint
from journeys.blueprints.validity import journey_date
from journeys.bodies import Catalogue, Nation
from journeys.data import uk_catalogue
from journeys.journey import Journey, journey_id
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.design import Design
from journeys.simulation.draws import Draws
from journeys.simulation.failures import Failures
from journeys.simulation.life_course import LifeCourse, LifeEvent
from journeys.simulation.nations import NationWeights
from journeys.simulation.population import Blueprints, SimulatedJourney
from journeys.simulation.schedule import Schedule
from journeys.simulation.voice import Voice
from journeys.simulation.voice_plan import Speaker, speaker_for

DEFAULT_BORN_FROM = datetime(1925, 1, 1, tzinfo=UTC)
"""The earliest birth of a simulated life by default."""

DEFAULT_BORN_UNTIL = datetime(2025, 1, 1, tzinfo=UTC)
"""Simulated lives are born before this by default."""

DEFAULT_UNTIL = datetime(2026, 1, 1, tzinfo=UTC)
"""The end of the simulated history by default: life events after it have not happened."""

YEAR = timedelta(days=365.2425)
"""A year of age."""


@attrs.frozen
class SimulatedLife:
    """One simulated life: its citizen, birth, death (``None``: alive at ``until``)
    and journeys in the order they started."""

    citizen_index: int
    citizen: str
    born_at: datetime
    died_at: datetime | None
    journeys: tuple[SimulatedJourney, ...]


@attrs.frozen(eq=False)
class LifePlan:
    """Everything that decides a population of simulated lives (see :func:`simulate_lives`)."""

    by_trigger: Mapping[str, tuple[Blueprint, ...]]
    # The nations a blueprint moves a citizen to from each nation it covers (its
    # cross-border steps' bodies); empty for a move within a nation.
    destinations: Mapping[tuple[str, Nation], frozenset[Nation]]
    # Each blueprint's rule dates: its design is the same between two of them.
    rule_dates: Mapping[str, tuple[date, ...]]
    citizens: int
    seed: int
    course: LifeCourse
    nations: NationWeights
    born_from: datetime
    born_until: datetime
    until: datetime
    delays: Delays
    failures: Failures
    behaviour: Behaviour
    speaker: Speaker | None
    _designs: dict[tuple[str, Nation, int], Design | None] = attrs.field(factory=dict, init=False)

    @classmethod
    def plan(
        cls,
        blueprints: Blueprints,
        *,
        citizens: int,
        seed: int,
        course: LifeCourse | None,
        nations: NationWeights | Mapping[Nation | str, float] | None,
        born_from: datetime,
        born_until: datetime,
        until: datetime,
        delays: Delays | None,
        failures: Failures | None,
        behaviour: Behaviour | None,
        catalogue: Catalogue | None,
        voice: Voice | None = None,
    ) -> LifePlan:
        """Check the arguments and sort the blueprints by trigger (``None``: the
        defaults; without ``catalogue`` the bundled one finds where moves go)."""
        if isinstance(citizens, bool) or not isinstance(citizens, int) or citizens < 0:
            raise ValueError(f"citizens must be a whole number >= 0, got {citizens!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be an int, got {seed!r}")
        for name, moment in (
            ("born_from", born_from),
            ("born_until", born_until),
            ("until", until),
        ):
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")
        if not born_from < born_until <= until:
            raise ValueError("lives need born_from < born_until <= until")
        course = course if course is not None else LifeCourse()
        if not isinstance(course, LifeCourse):
            raise ValueError(f"course must be a LifeCourse, got {course!r}")
        chosen = list(blueprints.values() if isinstance(blueprints, Mapping) else blueprints)
        by_trigger: dict[str, list[Blueprint]] = {}
        for blueprint in sorted(chosen, key=lambda b: b.id):
            if not isinstance(blueprint, Blueprint):
                raise ValueError(f"not a Blueprint: {blueprint!r}")
            if catalogue is not None:
                blueprint.check_bodies(catalogue)
            by_trigger.setdefault(blueprint.trigger, []).append(blueprint)
        if not course.triggers & by_trigger.keys():
            raise ValueError(
                "no blueprint has the trigger of any life event of the course (triggers: "
                + ", ".join(sorted(course.triggers))
                + ")"
            )
        known = catalogue if catalogue is not None else uk_catalogue()
        return cls(
            by_trigger={trigger: tuple(found) for trigger, found in by_trigger.items()},
            destinations={
                (blueprint.id, nation): _destinations(blueprint, nation, known)
                for blueprint in chosen
                for nation in blueprint.nations
            },
            rule_dates={blueprint.id: blueprint.rule_dates for blueprint in chosen},
            citizens=citizens,
            seed=seed,
            course=course,
            nations=NationWeights.of(nations if nations is not None else NationWeights()),
            born_from=born_from.astimezone(UTC),
            born_until=born_until.astimezone(UTC),
            until=until.astimezone(UTC),
            delays=delays if delays is not None else Delays(),
            failures=failures if failures is not None else Failures(),
            behaviour=behaviour if behaviour is not None else Behaviour(),
            speaker=speaker_for(voice),
        )

    def lives(self) -> Iterator[SimulatedLife]:
        """Generate the lives, one at a time, their journeys numbered across the population."""
        weights = self.nations.as_mapping()
        nations = [nation for nation in Nation if weights[nation] > 0]
        cumulative = list(accumulate(weights[nation] for nation in nations))
        span = (self.born_until - self.born_from).total_seconds()
        source = f"lives:{self.seed}"
        index = 0
        for citizen_index in range(self.citizens):
            # The life course draws from one generator per citizen, seeded by the seed
            # and the citizen's number (str seeds hash with SHA-512): a citizen's life
            # never depends on others, nor on the designs. Each journey draws keyed by
            # its life event's number, so a design shares a journey's luck with another.
            rng = random.Random(f"journeys.simulate_lives:{self.seed}:{citizen_index}")
            draws = Draws("journeys.simulate_lives", self.seed, citizen_index)
            citizen = f"life-{self.seed}-{citizen_index}"
            born_at = self.born_from + timedelta(seconds=span * rng.random())
            nation = rng.choices(nations, cum_weights=cumulative)[0]
            died_at: datetime | None = None
            journeys: list[SimulatedJourney] = []
            for number, (age, event) in enumerate(self.course.draw(rng)):
                at = born_at + age * YEAR
                if at >= self.until:
                    break
                moving_to = nation
                if event.moves and len(nations) > 1 and rng.random() < self.course.change_nation:
                    others = [other for other in nations if other is not nation]
                    moving_to = rng.choices(others, [weights[other] for other in others])[0]
                journey_draws = draws.within(number)
                design = self._design(journey_draws, event, nation, moving_to, at)
                if design is not None:
                    schedule = Schedule(journey_draws, self.delays, self.behaviour, self.speaker)
                    journey = schedule.build(
                        design,
                        journey_id=journey_id(source, f"{citizen_index}:{len(journeys)}"),
                        citizen=citizen,
                        started_at=at,
                    )
                    journeys.append(SimulatedJourney(citizen_index, index, journey))
                    index += 1
                nation = moving_to
                if event.ends_life:
                    died_at = at
            yield SimulatedLife(citizen_index, citizen, born_at, died_at, tuple(journeys))

    def _design(
        self,
        draws: Draws,
        event: LifeEvent,
        nation: Nation,
        moving_to: Nation,
        at: datetime,
    ) -> Design | None:
        """The design of ``event``'s journey in ``nation`` on the day, or ``None`` if
        no blueprint of its trigger is offered there then."""
        on = journey_date(at)
        offered: list[Design] = []
        crossing: list[Design] = []
        for blueprint in self.by_trigger.get(event.trigger, ()):
            if nation not in blueprint.nations:
                continue
            key = (blueprint.id, nation, bisect_right(self.rule_dates[blueprint.id], on))
            if key not in self._designs:
                design = Design(
                    blueprint.for_nation(nation, on), self.delays, self.failures, self.behaviour
                )
                self._designs[key] = None if design.is_empty else design
            found = self._designs[key]
            if found is None:
                continue
            goes_to = self.destinations[blueprint.id, nation]
            if not goes_to or not event.moves:
                offered.append(found)
            elif goes_to == {moving_to}:
                crossing.append(found)
        # A move to another nation goes through a blueprint for that crossing if
        # there is one, and otherwise through a move in the nation left behind.
        candidates = crossing or offered
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        # Keyed by position, so a blueprint swapped for a variant is chosen the same way.
        numbered = list(enumerate(candidates))
        return draws.choice(numbered, lambda pair: str(pair[0]), "design")[1]


def _destinations(blueprint: Blueprint, nation: Nation, catalogue: Catalogue) -> frozenset[Nation]:
    """The nations other than ``nation`` whose bodies serve ``blueprint``'s
    cross-border steps there: where a move through it takes the citizen."""
    found: set[Nation] = set()
    for step in blueprint.steps:
        body_id = step.body_for(nation)
        if step.cross_border and body_id is not None and body_id in catalogue:
            body = catalogue[body_id]
            if nation not in body.nations:
                found.update(body.nations)
    return frozenset(found)


def simulate_lives(
    blueprints: Blueprints,
    *,
    citizens: int,
    seed: int = 0,
    course: LifeCourse | None = None,
    nations: NationWeights | Mapping[Nation | str, float] | None = None,
    born_from: datetime = DEFAULT_BORN_FROM,
    born_until: datetime = DEFAULT_BORN_UNTIL,
    until: datetime = DEFAULT_UNTIL,
    delays: Delays | None = None,
    failures: Failures | None = None,
    behaviour: Behaviour | None = None,
    catalogue: Catalogue | None = None,
    voice: Voice | None = None,
) -> Iterator[Journey]:
    """Generate the journeys of ``citizens`` simulated whole lives from ``blueprints``.

    Citizen ``n`` (``f"life-{seed}-{n}"``) is born at a random moment in
    ``[born_from, born_until)`` into a nation drawn by ``nations`` (default: by
    population) and lives the events ``course`` draws (default:
    :class:`LifeCourse`), in order of age, up to their death or ``until``. Each
    event is a journey through a blueprint of its trigger that covers the
    citizen's nation, resolved for that nation on the day (only the rules in
    force then); an event whose trigger has no such blueprint leaves no journey.
    A move may change the citizen's nation (``course.change_nation``): a move
    from England to Scotland goes through a blueprint whose cross-border steps
    are Scottish (``moving-to-scotland``), and later journeys are Scottish.
    Journeys follow the blueprint with ``delays`` and ``failures`` as in
    :func:`~journeys.simulation.simulate`.

    The journeys come life by life, each life's in the order they start; journey
    ``k`` of citizen ``n`` has the id ``journey_id(f"lives:{seed}", f"{n}:{k}")``.
    The same arguments give the same journeys in any process, and fewer citizens
    give a prefix. Without ``catalogue`` the bundled one tells where a
    cross-border move goes; with it, every blueprint's bodies are checked first.
    ``voice`` adds feedback, complaints and channels as in
    :func:`~journeys.simulation.simulate`.

    >>> from journeys import bundled_blueprints
    >>> from journeys.simulation import simulate_lives
    >>> journeys = list(simulate_lives(bundled_blueprints(), citizens=2, seed=1))
    >>> journeys[0].trigger, len({journey.citizen for journey in journeys})
    ('birth', 2)
    """
    plan = LifePlan.plan(
        blueprints,
        citizens=citizens,
        seed=seed,
        course=course,
        nations=nations,
        born_from=born_from,
        born_until=born_until,
        until=until,
        delays=delays,
        failures=failures,
        behaviour=behaviour,
        catalogue=catalogue,
        voice=voice,
    )
    return (simulated.journey for life in plan.lives() for simulated in life.journeys)
