"""The gap analysis: one engine, driven in batch or as a tracked projection."""

from journeys.analysis.batch import analyse
from journeys.analysis.engine import GapEngine
from journeys.analysis.findings import GAP_KINDS, Finding, FindingKind
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
    "MapEdge",
    "MapNode",
    "NetworkEdge",
    "analyse",
]
