"""journeys: citizens' cradle-to-grave journeys through public services as event streams.

The top level holds the main workflow: record journeys (:class:`Journey`,
:class:`JourneyApp`, :func:`journey_id`) against a catalogue of bodies
(:class:`Catalogue`, :func:`uk_catalogue`), or import them (:func:`import_log`)
or simulate them (:func:`simulate`, :func:`simulate_into`) from blueprints
(:class:`Blueprint`); find the hand-off gaps (:func:`analyse`, :class:`GapTracker`)
and draw them (:func:`render_map`, :func:`render_network`, :func:`render_timeline`,
:func:`write_graph`). Every error the library raises on purpose is a
:class:`JourneysError`.

Everything else lives in a named namespace, each with its ``__all__``:
:mod:`journeys.errors`, :mod:`journeys.analysis`, :mod:`journeys.blueprints`,
:mod:`journeys.bodies`, :mod:`journeys.interop`, :mod:`journeys.privacy`,
:mod:`journeys.render`, :mod:`journeys.simulation`, :mod:`journeys.testing`
(which needs Hypothesis, so ``import journeys`` does not import it) and
:mod:`journeys.event_registry`; the journey's own parts are in
:mod:`journeys.journey`, :mod:`journeys.application`, :mod:`journeys.store`,
:mod:`journeys.life` and :mod:`journeys.data`.
"""

import typing as _typing

from journeys.analysis import (
    Analysis,
    Finding,
    FindingKind,
    GapTracker,
    Granularity,
    analyse,
)
from journeys.application import JourneyApp
from journeys.blueprints import Blueprint, bundled_blueprints, load_blueprint
from journeys.bodies import Body, Catalogue, Nation, Tier
from journeys.data import uk_catalogue
from journeys.errors import JourneysError
from journeys.journey import Journey, journey_id
from journeys.render import render_map, render_network, render_timeline, write_graph
from journeys.simulation import simulate, simulate_into

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Blueprint",
    "Body",
    "Catalogue",
    "Finding",
    "FindingKind",
    "GapTracker",
    "Granularity",
    "Journey",
    "JourneyApp",
    "JourneysError",
    "Nation",
    "Tier",
    "__version__",
    "analyse",
    "bundled_blueprints",
    "import_log",
    "journey_id",
    "load_blueprint",
    "render_map",
    "render_network",
    "render_timeline",
    "simulate",
    "simulate_into",
    "uk_catalogue",
    "write_graph",
]


if _typing.TYPE_CHECKING:
    from journeys.interop import import_log
else:

    def __getattr__(name: str) -> object:
        """``import_log`` on first use: it brings in every log format (and lxml),
        which ``import journeys`` leaves out so that it stays quick and the formats
        read the event registry as it is when they are first used. (Type checkers
        see the import above, and no ``__getattr__`` to accept any other name.)"""
        if name == "import_log":
            from journeys.interop import import_log

            globals()[name] = import_log
            return import_log
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
