"""The population simulator: realistic, seeded journeys drawn from blueprints.

:func:`simulate` streams the journeys of a population across the four nations;
:func:`simulate_into` writes them into a :class:`~journeys.JourneyApp` in bulk
transactions. :func:`simulate_lives` and :func:`simulate_lives_into` do the same
for whole lives: each citizen a seeded sequence of life events over decades,
drawn by a :class:`LifeCourse` of :class:`LifeEvent` kinds. :class:`Delays` (of
:class:`LogNormal` distributions), :class:`Failures`, :class:`NationWeights` and
:class:`Behaviour` configure them (with per-step and per-hand-off
:class:`StepFailures` and :class:`HandoffFailures`), together a
:class:`SimulationSettings`, read from and written to TOML by
:func:`load_settings`, :func:`settings_from_toml`, :func:`write_settings` and
:func:`variant_settings` (a design variant's ``[simulation]`` table); a
:class:`Voice` (with :class:`GapEffects` and a :class:`ChannelMix`) has citizens
give feedback and complain. The model and its defaults are on the Simulation
page of the documentation.

``simulate`` and ``simulate_into`` are also at the top level.
"""

from journeys.simulation.behaviour import MILESTONES, Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.distributions import LogNormal
from journeys.simulation.failures import Failures, HandoffFailures, StepFailures
from journeys.simulation.life_course import DEFAULT_EVENTS, LifeCourse, LifeEvent
from journeys.simulation.lives import (
    DEFAULT_BORN_FROM,
    DEFAULT_BORN_UNTIL,
    DEFAULT_UNTIL,
    simulate_lives,
)
from journeys.simulation.nations import NationWeights
from journeys.simulation.population import DEFAULT_PERIOD, DEFAULT_START, simulate
from journeys.simulation.schedule import REJECTION_REASONS
from journeys.simulation.settings import (
    SimulationSettings,
    load_settings,
    settings_from_toml,
    variant_settings,
    write_settings,
)
from journeys.simulation.voice import ChannelMix, GapEffects, Voice
from journeys.simulation.writer import SimulationCounts, simulate_into, simulate_lives_into

__all__ = [
    "DEFAULT_BORN_FROM",
    "DEFAULT_BORN_UNTIL",
    "DEFAULT_EVENTS",
    "DEFAULT_PERIOD",
    "DEFAULT_START",
    "DEFAULT_UNTIL",
    "MILESTONES",
    "REJECTION_REASONS",
    "Behaviour",
    "ChannelMix",
    "Delays",
    "Failures",
    "GapEffects",
    "HandoffFailures",
    "LifeCourse",
    "LifeEvent",
    "LogNormal",
    "NationWeights",
    "SimulationCounts",
    "SimulationSettings",
    "StepFailures",
    "Voice",
    "load_settings",
    "settings_from_toml",
    "simulate",
    "simulate_into",
    "simulate_lives",
    "simulate_lives_into",
    "variant_settings",
    "write_settings",
]
