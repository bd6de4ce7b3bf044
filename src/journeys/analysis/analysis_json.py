"""The analysis as JSON-ready data, following the shipped schema (version 2).

:func:`analysis_json` writes a whole :class:`~journeys.analysis.Analysis`
(``Analysis.to_json`` calls it); the row functions write its parts, and are what
``Analysis.finding_rows()`` and its siblings return. With ``publish``, the
document goes through :func:`journeys.analysis.publishing.publish` (counts below
the threshold withheld, and said so).

Version 2 added the ``experience`` section (feedback, complaints, channels,
gaps and sentiment) and the scorecard's complaints and feedback; in published
output any count may be ``null``. Version 1's schema is still shipped
(``analysis-1.schema.json``) for readers of old output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeys.analysis.experience_model import (
    BodyExperience,
    BodyLevelFeedback,
    ChannelUse,
    Experience,
    GapSentiment,
    ScoreSummary,
    StageExperience,
)
from journeys.analysis.findings import Finding
from journeys.analysis.journey_map import Granularity, MapEdge, MapNode
from journeys.analysis.network import NetworkEdge
from journeys.analysis.publishing import DEFAULT_THRESHOLD, check_threshold, publish
from journeys.analysis.scorecard import BodyScore
from journeys.analysis.statistics import DurationStats
from journeys.analysis.summary import BoundarySummary
from journeys.bodies import Boundary

if TYPE_CHECKING:
    from journeys.analysis.result import Analysis

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "analysis_json",
    "edge_row",
    "experience_json",
    "finding_row",
    "network_row",
    "score_row",
    "stage_json",
]

SCHEMA_VERSION = 2
SCHEMA_ID = "https://journeys.invalid/schemas/analysis-2.schema.json"


def analysis_json(
    analysis: Analysis,
    *,
    granularity: Granularity | str = Granularity.TOUCHPOINT,
    publish_safely: bool = False,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """``analysis`` as JSON-ready data, its journey map at ``granularity``; with
    ``publish_safely``, every count below ``threshold`` withheld (see
    :mod:`journeys.analysis.publishing`)."""
    if publish_safely:
        check_threshold(threshold)
    journey_map = (
        analysis.journey_map
        if Granularity(granularity) is analysis.journey_map.granularity
        else analysis.map(granularity)
    )
    document = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "as_of": analysis.as_of.isoformat() if analysis.as_of else None,
        "filtered_by": analysis.filtered_by,
        "journeys": {
            "started": analysis.journeys_started,
            "ended": analysis.journeys_ended,
            "open": analysis.journeys_open,
        },
        "counts": analysis.counts(),
        "findings": [_finding_json(f) for f in analysis.findings],
        "journey_map": {
            "granularity": journey_map.granularity.value,
            "nodes": [_node_json(node) for node in journey_map.nodes],
            "edges": [edge_row(edge) for edge in journey_map.edges],
        },
        "handoff_network": {
            "bodies": list(analysis.handoff_network.bodies),
            "edges": [network_row(edge) for edge in analysis.handoff_network.edges],
        },
        "scorecard": [score_row(score) for score in analysis.scorecard],
        "summary": {
            "by_tier_pair": _summary(analysis.by_tier_pair),
            "by_nation_crossing": _summary(analysis.by_nation_crossing),
        },
        "experience": experience_json(analysis.experience),
    }
    return publish(document, threshold) if publish_safely else document


def _summary(rows: tuple[BoundarySummary, ...]) -> list[dict[str, Any]]:
    return [
        {"kind": row.kind.value, "boundary": row.boundary, "stats": stats_json(row.stats)}
        for row in rows
    ]


def stats_json(stats: DurationStats | None) -> dict[str, float | int] | None:
    """Duration statistics as a plain dict (``None`` stays ``None``)."""
    if stats is None:
        return None
    return {
        "count": stats.count,
        "mean": stats.mean,
        "median": stats.median,
        "p90": stats.p90,
        "min": stats.min,
        "max": stats.max,
        "total": stats.total,
    }


def _boundary(boundary: Boundary | None) -> dict[str, Any] | None:
    if boundary is None:
        return None
    return {
        "from_tier": boundary.from_tier.value if boundary.from_tier else None,
        "to_tier": boundary.to_tier.value if boundary.to_tier else None,
        "tier_pair": boundary.tier_pair,
        "crosses_nation": boundary.crosses_nation,
    }


def finding_row(finding: Finding) -> dict[str, Any]:
    """One finding as a flat row (times as datetimes, the boundary as two columns)."""
    return {
        "kind": finding.kind.value,
        "journey": str(finding.journey),
        "from_body": finding.from_body,
        "to_body": finding.to_body,
        "start": finding.start,
        "end": finding.end,
        "duration_seconds": finding.duration_seconds,
        "items": list(finding.items),
        "handoff": finding.handoff,
        "detail": finding.detail,
        "tier_pair": finding.boundary.tier_pair if finding.boundary else None,
        "crosses_nation": finding.boundary.crosses_nation if finding.boundary else None,
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    row = finding_row(finding)
    row["start"] = finding.start.isoformat()
    row["end"] = finding.end.isoformat()
    del row["tier_pair"], row["crosses_nation"]
    row["boundary"] = _boundary(finding.boundary)
    return row


def _node_json(node: MapNode) -> dict[str, Any]:
    return {
        "body": node.body,
        "label": node.label,
        "visits": node.visits,
        "starts": node.starts,
        "ends": node.ends,
    }


def edge_row(edge: MapEdge) -> dict[str, Any]:
    """One journey-map edge as a row."""
    return {
        "source_body": edge.source[0],
        "source_label": edge.source[1],
        "target_body": edge.target[0],
        "target_label": edge.target[1],
        "stats": stats_json(edge.stats),
    }


def network_row(edge: NetworkEdge) -> dict[str, Any]:
    """One hand-off network edge as a row."""
    return {
        "from_body": edge.from_body,
        "to_body": edge.to_body,
        "boundary": _boundary(edge.boundary),
        "handoffs": edge.handoffs,
        "accepted": edge.accepted,
        "rejected": edge.rejected,
        "dropped": edge.dropped,
        "in_flight": edge.in_flight,
        "latency": stats_json(edge.latency),
        "reasks": edge.reasks,
        "cold_transfers": edge.cold_transfers,
        "unheld": stats_json(edge.unheld),
    }


def score_row(score: BodyScore) -> dict[str, Any]:
    """One body's scorecard as a row."""
    return {
        "body": score.body,
        "handoffs_in": score.handoffs_in,
        "handoffs_out": score.handoffs_out,
        "inbound_latency": stats_json(score.inbound_latency),
        "outbound_latency": stats_json(score.outbound_latency),
        "drops_in": score.drops_in,
        "drops_out": score.drops_out,
        "rejections_made": score.rejections_made,
        "rejections_received": score.rejections_received,
        "reasks_caused": score.reasks_caused,
        "cold_transfers_in": score.cold_transfers_in,
        "unheld_before": stats_json(score.unheld_before),
        "unheld_after": stats_json(score.unheld_after),
        "journeys": score.journeys,
        "complaints_made": score.complaints_made,
        "complaints_per_1000_journeys": score.complaints_per_1000_journeys,
        "feedback_scored": score.feedback_scored,
        "feedback_mean": score.feedback_mean,
    }


# --- the experience ---------------------------------------------------------------------


def scores_json(scores: ScoreSummary) -> dict[str, Any]:
    """A score summary as a plain dict."""
    return {
        "responses": scores.responses,
        "scored": scores.scored,
        "mean": scores.mean,
        "ci_low": scores.ci_low,
        "ci_high": scores.ci_high,
    }


def experience_json(experience: Experience) -> dict[str, Any]:
    """The ``experience`` section of the analysis JSON."""
    return {
        "by_node": [
            {"body": node.body, "about": node.about, "scores": scores_json(node.scores)}
            for node in experience.by_node
        ],
        "by_body": [_body_json(body) for body in experience.by_body],
        "gaps_and_sentiment": [_sentiment_json(row) for row in experience.gaps_and_sentiment],
        "silent_nodes": [{"body": body, "label": label} for body, label in experience.silent_nodes],
        "silent_bodies": list(experience.silent_bodies),
        "body_level": [_body_level_json(row) for row in experience.body_level],
        "channels": [_channels_json(use) for use in experience.channels],
    }


def _body_json(body: BodyExperience) -> dict[str, Any]:
    return {
        "body": body.body,
        "scores": scores_json(body.scores),
        "journeys": body.journeys,
        "complaints_made": body.complaints_made,
        "complaints_upheld": body.complaints_upheld,
        "complaints_partially_upheld": body.complaints_partially_upheld,
        "complaints_not_upheld": body.complaints_not_upheld,
        "complaints_per_1000_journeys": body.complaints_per_1000_journeys,
    }


def _sentiment_json(row: GapSentiment) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "boundary": row.boundary,
        "journeys_with": row.journeys_with,
        "journeys_without": row.journeys_without,
        "journeys_unmatched": row.journeys_unmatched,
        "strata": row.strata,
        "mean_with": row.mean_with,
        "mean_without": row.mean_without,
        "difference": row.difference,
        "ci_low": row.ci_low,
        "ci_high": row.ci_high,
    }


def _body_level_json(row: BodyLevelFeedback) -> dict[str, Any]:
    return {
        "body": row.body,
        "about": row.about,
        "instrument": row.instrument,
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
        "source": row.source,
        "scores": scores_json(row.scores),
    }


def _channels_json(use: ChannelUse) -> dict[str, Any]:
    return {
        "body": use.body,
        "counts": [{"channel": channel, "count": count} for channel, count in use.counts],
        "digital_share": use.digital_share,
    }


def stage_json(stage: StageExperience) -> dict[str, Any]:
    """One stage of an experience curve as JSON-ready data (publish it with
    :func:`journeys.analysis.publishing.suppress`)."""
    return {
        "blueprint": stage.blueprint,
        "stage": stage.stage,
        "title": stage.title,
        "position": stage.position,
        "scores": scores_json(stage.scores),
        "gaps": [{"kind": kind, "count": count} for kind, count in stage.gaps],
    }
