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
page of the documentation. :func:`calibrate` fits the settings to observed
journeys (a :class:`Calibration`), and :func:`fit_distance` says how far a
simulation of the fitted design is from them (a :class:`FitDistance`).

``simulate`` and ``simulate_into`` are also at the top level.
"""

from journeys.simulation.behaviour import MILESTONES, Behaviour
from journeys.simulation.calibration import Calibration, calibrate
from journeys.simulation.delays import Delays
from journeys.simulation.distributions import LogNormal
from journeys.simulation.failures import Failures, HandoffFailures, StepFailures
from journeys.simulation.fit_distance import (
    FitDistance,
    RateDifference,
    fit_distance,
    simulate_calibration,
)
from journeys.simulation.fitting import MINIMUM_OBSERVATIONS, FittedDelay, FittedRate
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
    "MINIMUM_OBSERVATIONS",
    "REJECTION_REASONS",
    "Behaviour",
    "Calibration",
    "ChannelMix",
    "Delays",
    "Failures",
    "FitDistance",
    "FittedDelay",
    "FittedRate",
    "GapEffects",
    "HandoffFailures",
    "LifeCourse",
    "LifeEvent",
    "LogNormal",
    "NationWeights",
    "RateDifference",
    "SimulationCounts",
    "SimulationSettings",
    "StepFailures",
    "Voice",
    "calibrate",
    "fit_distance",
    "load_settings",
    "settings_from_toml",
    "simulate",
    "simulate_calibration",
    "simulate_into",
    "simulate_lives",
    "simulate_lives_into",
    "variant_settings",
    "write_settings",
]
