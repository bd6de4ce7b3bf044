"""The gap analysis: one engine, driven in batch or as a tracked projection.

- :func:`analyse` reads an app's journeys (or any journey events) and returns an
  :class:`Analysis`: the findings (each a :class:`Finding` of a
  :class:`FindingKind`; the gap kinds are :data:`GAP_KINDS`), the
  :class:`JourneyMap` (:class:`MapNode` and :class:`MapEdge`, at a
  :class:`Granularity`), the :class:`HandoffNetwork` (:class:`NetworkEdge`), a
  :class:`BodyScore` per body and a :class:`BoundarySummary` per tier pair and
  nation crossing, their durations as :class:`DurationStats`;
- :class:`GapTracker` keeps an analysis up to date beside the store, through the
  eventsourcing projection :class:`GapProjection` (its views, one per store, are
  in :mod:`journeys.analysis.views`);
- :class:`GapEngine` is the engine both drive: one rule per gap kind;
- :func:`journey_rows` lists a store's journeys (:class:`JourneyRow`), each with
  its gap count, as ``journeys list`` prints them.

``analyse``, ``Analysis``, ``Finding``, ``FindingKind``, ``Granularity`` and
``GapTracker`` are also at the top level (``from journeys import analyse``).
"""

from journeys.analysis.batch import analyse
from journeys.analysis.engine import GapEngine
from journeys.analysis.findings import GAP_KINDS, Finding, FindingKind
from journeys.analysis.journey_list import JourneyRow, journey_rows
from journeys.analysis.journey_map import Granularity, JourneyMap, MapEdge, MapNode
from journeys.analysis.network import HandoffNetwork, NetworkEdge
from journeys.analysis.projection import GapProjection, GapTracker
from journeys.analysis.result import Analysis
from journeys.analysis.scorecard import BodyScore
from journeys.analysis.statistics import DurationStats
from journeys.analysis.summary import BoundarySummary

__all__ = [
    "GAP_KINDS",
    "Analysis",
    "BodyScore",
    "BoundarySummary",
    "DurationStats",
    "Finding",
    "FindingKind",
    "GapEngine",
    "GapProjection",
    "GapTracker",
    "Granularity",
    "HandoffNetwork",
    "JourneyMap",
    "JourneyRow",
    "MapEdge",
    "MapNode",
    "NetworkEdge",
    "analyse",
    "journey_rows",
]
