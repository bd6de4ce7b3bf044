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
- the life-level gaps across a citizen's journeys (:data:`LIFE_KINDS`) follow a
  :class:`LifeEvents` table (which facts a life event changes, which journey should
  lead to which: :class:`TriggerLink`), the bundled one being
  :func:`bundled_life_events` (a bad file is a :class:`~journeys.errors.LifeEventsError`);
- :func:`journey_rows` lists a store's journeys (:class:`JourneyRow`), each with
  its gap count, as ``journeys list`` prints them;
- what citizens said is :attr:`Analysis.experience`, an :class:`Experience`
  (:class:`ScoreSummary` per :class:`NodeExperience`, :class:`BodyExperience`,
  :class:`GapSentiment`, :class:`BodyLevelFeedback`, :class:`ChannelUse`), and
  :meth:`Analysis.experience_by_stage` or :func:`experience_by_stage` place it on a
  blueprint's stages (:class:`StageExperience`);
- :func:`publish` and :func:`suppress` withhold counts below a threshold before
  an analysis (or any of its rows) is published.

``analyse``, ``Analysis``, ``Finding``, ``FindingKind``, ``Granularity`` and
``GapTracker`` are also at the top level (``from journeys import analyse``).
"""

from journeys.analysis.batch import analyse
from journeys.analysis.comparison import Comparison, Presence, compare, compare_cohorts
from journeys.analysis.engine import GapEngine
from journeys.analysis.experience import experience_by_stage
from journeys.analysis.experience_model import (
    BodyExperience,
    BodyLevelFeedback,
    ChannelUse,
    Experience,
    GapSentiment,
    NodeExperience,
    ScoreSummary,
    StageExperience,
)
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.findings import GAP_KINDS, LIFE_KINDS, Finding, FindingKind
from journeys.analysis.frames import AnalysisFrames
from journeys.analysis.journey_list import JourneyRow, journey_rows
from journeys.analysis.journey_map import Granularity, JourneyMap, MapEdge, MapNode
from journeys.analysis.life_events import (
    LifeEvents,
    TriggerLink,
    bundled_life_events,
)
from journeys.analysis.network import HandoffNetwork, NetworkEdge
from journeys.analysis.projection import GapProjection
from journeys.analysis.publishing import publish, suppress
from journeys.analysis.result import Analysis
from journeys.analysis.scorecard import BodyScore
from journeys.analysis.statistics import DurationStats
from journeys.analysis.summary import BoundarySummary
from journeys.analysis.tracker import GapTracker
from journeys.analysis.variants import Variant, Variants, variants

__all__ = [
    "GAP_KINDS",
    "LIFE_KINDS",
    "Analysis",
    "AnalysisFrames",
    "BodyExperience",
    "BodyLevelFeedback",
    "BodyScore",
    "BoundarySummary",
    "ChannelUse",
    "Comparison",
    "DurationStats",
    "Experience",
    "Finding",
    "FindingKind",
    "GapEngine",
    "GapProjection",
    "GapSentiment",
    "GapTracker",
    "Granularity",
    "HandoffNetwork",
    "JourneyFilter",
    "JourneyMap",
    "JourneyRow",
    "LifeEvents",
    "MapEdge",
    "MapNode",
    "NetworkEdge",
    "NodeExperience",
    "Presence",
    "ScoreSummary",
    "StageExperience",
    "TriggerLink",
    "Variant",
    "Variants",
    "analyse",
    "bundled_life_events",
    "compare",
    "compare_cohorts",
    "experience_by_stage",
    "journey_rows",
    "publish",
    "suppress",
    "variants",
]
