"""``LifeCourse``: the life events a simulated life may hold, at what ages, how often.

A :class:`LifeCourse` is a small, configurable model for
:func:`~journeys.simulation.simulate_lives`: a tuple of :class:`LifeEvent`, each a
journey trigger with the ages it may happen at and its probability. It is meant
to give lives with a plausible shape (a birth, school, moves, caring, pension age,
bereavements, a death), not demographic truth: the defaults are round numbers,
documented on the Simulation page.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

import attrs

from journeys.blueprints.fields import is_word


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a probability from 0 to 1, got {value!r}")


def _ages(value: Iterable[float]) -> tuple[float, float]:
    low, high = value
    return (low, high)


def _check_ages(
    instance: object, attribute: attrs.Attribute[tuple[float, float]], value: tuple[float, float]
) -> None:
    low, high = value
    for age in value:
        if not isinstance(age, int | float) or not math.isfinite(age) or age < 0:
            raise ValueError(f"ages must be numbers of years >= 0, got {value!r}")
    if low > high:
        raise ValueError(f"ages must be (youngest, oldest), got {value!r}")


def _word(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not is_word(value):
        raise ValueError(f"{attribute.name} must be an id without spaces, got {value!r}")


def _times(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"times must be a whole number >= 1, got {value!r}")


@attrs.frozen
class LifeEvent:
    """One kind of life event in a :class:`LifeCourse`.

    - ``name``: what the event is called in the course (``"move"``,
      ``"bereavement"``); two events may share a trigger but not a name.
    - ``trigger``: the trigger of the bundled (or given) blueprints its journey
      goes through. A trigger with no blueprint for the citizen's nation on the
      day is skipped: the event happens, no journey is recorded.
    - ``ages``: ``(youngest, oldest)`` in years; the age is drawn uniformly in
      between (equal bounds: exactly that birthday).
    - ``probability``: the chance of each of the ``times`` occasions happening,
      drawn independently, so the event happens ``times * probability`` times in a
      life on average (less when the life ends first).
    - ``after``: the name of another event; this one only happens in a life
      that had that event, at an age after it.
    - ``moves``: the event is a move; the citizen's nation changes on it with
      :attr:`LifeCourse.change_nation`.
    - ``ends_life``: the event is the citizen's death; the life ends on the
      earliest such event, and nothing happens after it.
    """

    name: str = attrs.field(validator=_word)
    trigger: str = attrs.field(validator=_word)
    ages: tuple[float, float] = attrs.field(converter=_ages, validator=_check_ages)
    probability: float = attrs.field(default=1.0, validator=_probability)
    times: int = attrs.field(default=1, validator=_times)
    after: str | None = None
    moves: bool = False
    ends_life: bool = False

    def draw(self, rng: random.Random) -> list[float]:
        """The ages at which this event happens in one life (unordered)."""
        low, high = self.ages
        return [
            low + (high - low) * rng.random()
            for _ in range(self.times)
            if rng.random() < self.probability
        ]


DEFAULT_EVENTS: tuple[LifeEvent, ...] = (
    LifeEvent("birth", "birth", (0, 0)),
    LifeEvent("send-school-start", "send-school-start", (4, 5), probability=0.05),
    LifeEvent("turning-16", "turning-16", (16, 16), probability=0.05),
    LifeEvent("camhs-to-adult", "camhs-to-adult", (17.5, 18), probability=0.04),
    LifeEvent("turning-18", "turning-18", (18, 18), probability=0.85, after="turning-16"),
    LifeEvent("move", "moving-house", (18, 85), probability=0.5, times=4, moves=True),
    LifeEvent("job-loss", "job-loss", (18, 65), probability=0.25, times=2),
    LifeEvent("pregnancy", "pregnancy", (18, 45), probability=0.4, times=2),
    LifeEvent("becoming-a-carer", "becoming-a-carer", (30, 75), probability=0.2),
    LifeEvent("hospital-discharge", "hospital-discharge", (50, 95), probability=0.3, times=3),
    LifeEvent("state-pension-age", "state-pension-age", (66, 66)),
    LifeEvent("bereavement", "death", (25, 90), probability=0.5),
    LifeEvent("bereavement-with-coroner", "death-reported-to-coroner", (25, 90), probability=0.2),
    LifeEvent("care-home", "care-home", (75, 100), probability=0.15),
    LifeEvent(
        "death-reported-to-coroner",
        "death-reported-to-coroner",
        (40, 100),
        probability=0.4,
        ends_life=True,
    ),
    LifeEvent("death", "death", (65, 100), ends_life=True),
)
"""The life events of the default :class:`LifeCourse` (see the Simulation page)."""


def _events(value: Iterable[LifeEvent]) -> tuple[LifeEvent, ...]:
    return tuple(value)


def _check_events(
    instance: object,
    attribute: attrs.Attribute[tuple[LifeEvent, ...]],
    value: tuple[LifeEvent, ...],
) -> None:
    names: set[str] = set()
    for event in value:
        if not isinstance(event, LifeEvent):
            raise ValueError(f"not a LifeEvent: {event!r}")
        if event.name in names:
            raise ValueError(f"two life events are called {event.name!r}")
        if event.after is not None and event.after not in names:
            raise ValueError(
                f"life event {event.name!r} comes after {event.after!r}, which is not "
                "an earlier event of the course"
            )
        names.add(event.name)


@attrs.frozen
class LifeCourse:
    """The life events of simulated lives (:func:`~journeys.simulation.simulate_lives`).

    - ``events``: the :class:`LifeEvent` kinds, by default
      :data:`DEFAULT_EVENTS`. An event with ``after`` must come after the event
      it names.
    - ``change_nation``: the probability that a move takes the citizen to
      another nation (drawn by the population's nation weights), default 0.1.

    Ages are in years of 365.2425 days from the moment of birth.
    """

    events: tuple[LifeEvent, ...] = attrs.field(
        default=DEFAULT_EVENTS, converter=_events, validator=_check_events
    )
    change_nation: float = attrs.field(default=0.1, validator=_probability)

    @property
    def triggers(self) -> frozenset[str]:
        """Every trigger the course's events go through."""
        return frozenset(event.trigger for event in self.events)

    def draw(self, rng: random.Random) -> list[tuple[float, LifeEvent]]:
        """One life's events as ``(age, event)`` in order of age, up to and including
        its death (if the course has one)."""
        drawn: list[tuple[float, LifeEvent]] = []
        first: dict[str, float] = {}
        for event in self.events:
            ages = event.draw(rng)
            if event.after is not None:
                earliest = first.get(event.after)
                ages = [] if earliest is None else [a for a in ages if a > earliest]
            if ages:
                first[event.name] = min(ages)
            drawn.extend((age, event) for age in ages)
        drawn.sort(key=lambda entry: entry[0])
        for index, (_, event) in enumerate(drawn):
            if event.ends_life:
                return drawn[: index + 1]
        return drawn
