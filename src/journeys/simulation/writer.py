"""``simulate_into()`` and ``simulate_lives_into()``: write simulated journeys into a
``JourneyApp`` in bulk."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

import attrs

from journeys.application import JourneyApp
from journeys.bodies import Nation
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.failures import Failures
from journeys.simulation.life_course import LifeCourse
from journeys.simulation.lives import (
    DEFAULT_BORN_FROM,
    DEFAULT_BORN_UNTIL,
    DEFAULT_UNTIL,
    LifePlan,
)
from journeys.simulation.nations import NationWeights
from journeys.simulation.population import (
    DEFAULT_PERIOD,
    DEFAULT_START,
    Blueprints,
    Population,
    SimulatedJourney,
)
from journeys.simulation.voice import Voice


@attrs.frozen
class SimulationCounts:
    """What :func:`simulate_into` has done so far (or in all, once it returns).

    ``citizens`` counts citizens generated; ``journeys`` and ``events`` what was
    saved; ``skipped`` journeys already in the store, left as they were.
    """

    citizens: int = 0
    journeys: int = 0
    events: int = 0
    skipped: int = 0


def simulate_into(
    app: JourneyApp,
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
    voice: Voice | None = None,
    batch_size: int = 500,
    progress: Callable[[SimulationCounts], None] | None = None,
) -> SimulationCounts:
    """Simulate a population (as :func:`~journeys.simulation.simulate` does) into ``app``.

    Journeys are saved ``batch_size`` at a time, each batch in one transaction
    (``app.save(*batch)``), so memory holds one batch, and an interrupted run
    leaves whole batches. Journeys already in the store (the same seed gives the
    same ids) are skipped, so running it again completes the population rather
    than duplicating it; another writer saving the same journeys at the same time
    makes ``app.save`` raise :class:`~journeys.errors.ConflictError`. The
    blueprints are checked against ``app.catalogue`` first. ``progress`` is
    called after every batch with the running counts. ``voice`` has citizens give
    feedback and complain (see :class:`~journeys.simulation.Voice`).
    """
    _check_batch_size(batch_size)
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
        catalogue=app.catalogue,
        voice=voice,
    )
    return _save_all(app, population.journeys(), citizens, batch_size, progress)


def simulate_lives_into(
    app: JourneyApp,
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
    voice: Voice | None = None,
    batch_size: int = 500,
    progress: Callable[[SimulationCounts], None] | None = None,
) -> SimulationCounts:
    """Simulate whole lives (as :func:`~journeys.simulation.simulate_lives` does) into ``app``.

    Saved as :func:`simulate_into` saves a population: ``batch_size`` journeys a
    transaction, journeys already in the store skipped (so running it again
    completes the lives rather than duplicating them), the blueprints checked
    against ``app.catalogue`` first, ``progress`` called after every batch. Each
    journey joins its citizen's life (``app.life(citizen)``) as it is saved.
    """
    _check_batch_size(batch_size)
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
        catalogue=app.catalogue,
        voice=voice,
    )
    journeys = (simulated for life in plan.lives() for simulated in life.journeys)
    return _save_all(app, journeys, citizens, batch_size, progress)


def _check_batch_size(batch_size: int) -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")


def _save_all(
    app: JourneyApp,
    journeys: Iterable[SimulatedJourney],
    citizens: int,
    batch_size: int,
    progress: Callable[[SimulationCounts], None] | None,
) -> SimulationCounts:
    counts = SimulationCounts()
    batch: list[SimulatedJourney] = []
    for simulated in journeys:
        batch.append(simulated)
        if len(batch) == batch_size:
            counts = _save(app, batch, counts)
            batch = []
            if progress is not None:
                progress(counts)
    if batch:
        counts = _save(app, batch, counts)
    counts = attrs.evolve(counts, citizens=citizens)
    if progress is not None:
        progress(counts)
    return counts


def _save(
    app: JourneyApp, batch: list[SimulatedJourney], counts: SimulationCounts
) -> SimulationCounts:
    journeys = [simulated.journey for simulated in batch]
    # Saved batches always form a prefix of the population (journey i is the same in
    # every run with this seed, and a batch is saved whole or not at all), so a batch
    # whose first and last journeys are new is new throughout: two reads decide.
    if app.has_journey(journeys[0].id) or app.has_journey(journeys[-1].id):
        journeys = [journey for journey in journeys if not app.has_journey(journey.id)]
    # Saving collects the pending events, so count them first.
    events = sum(len(journey.pending_events) for journey in journeys)
    if journeys:
        app.save(*journeys)
    return SimulationCounts(
        citizens=batch[-1].citizen_index + 1,
        journeys=counts.journeys + len(journeys),
        events=counts.events + events,
        skipped=counts.skipped + len(batch) - len(journeys),
    )
