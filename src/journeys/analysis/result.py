"""``Analysis``: the findings and aggregate views of a set of journeys.

An analysis is computed from a :class:`~journeys.analysis.engine.GapEngine`'s
tally and the folds of the journeys still open, by the same code whether they
came from a batch run or a tracked projection. ``to_json()`` follows the versioned schema shipped
with the package (``journeys/data/schemas/analysis-1.schema.json``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import attrs

from journeys.analysis.engine import GapEngine
from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.journey_map import Granularity, JourneyMap, MapEdge, MapNode
from journeys.analysis.life_events import LifeEvents, bundled_life_events
from journeys.analysis.life_gaps import life_findings
from journeys.analysis.network import HandoffNetwork, NetworkEdge
from journeys.analysis.scorecard import BodyScore, build_scorecard
from journeys.analysis.statistics import DurationStats
from journeys.analysis.summary import (
    BoundarySummary,
    summarise_by_nation_crossing,
    summarise_by_tier_pair,
)
from journeys.analysis.tally import Tally
from journeys.bodies import Boundary, Catalogue

SCHEMA_VERSION = 1
SCHEMA_ID = "https://journeys.invalid/schemas/analysis-1.schema.json"


@attrs.frozen
class Analysis:
    """What the analysis found in a set of journeys.

    ``findings`` are sorted by time (then journey, kind and bodies) and each has
    its ``boundary``. ``journey_map`` is at touchpoint granularity; call
    :meth:`map` for another. ``journeys_open`` counts journeys neither ended nor
    closed by ``as_of``. ``journeys_erased`` counts the journeys of erased
    citizens that the reading skipped; it is a note on the reading, not part of
    the result, so two analyses that differ only in it are equal.
    """

    findings: tuple[Finding, ...]
    journey_map: JourneyMap
    handoff_network: HandoffNetwork
    scorecard: tuple[BodyScore, ...]
    by_tier_pair: tuple[BoundarySummary, ...]
    by_nation_crossing: tuple[BoundarySummary, ...]
    journeys_started: int
    journeys_ended: int
    journeys_open: int
    as_of: datetime | None
    _tally: Tally = attrs.field(eq=False, repr=False, alias="tally")
    journeys_erased: int = attrs.field(default=0, eq=False)
    filtered_by: str | None = attrs.field(default=None, eq=False)
    """What ``analyse(where=...)`` kept, in plain words: a note, like ``journeys_erased``."""

    @classmethod
    def build(
        cls,
        engine: GapEngine,
        *,
        catalogue: Catalogue,
        as_of: datetime | None,
        journeys_erased: int = 0,
        life: LifeEvents | None = None,
    ) -> Analysis:
        """Compute the analysis of what ``engine`` has folded.

        With ``as_of``, the journeys still open are closed at that time
        (:meth:`GapEngine.close_open_journeys`: their unanswered hand-offs count as
        dropped — unless still within a blueprint's SLA — their trailing unheld
        time is reported and, if the engine checks blueprints, their conformance);
        without it they are left open.

        The life-level findings (``life_reask``, ``missed_trigger``) are worked out
        from the engine's citizen folds under ``life`` (the bundled life-event
        table unless given); ``as_of`` also closes the windows of trigger links.
        """
        boundary = cache(catalogue.boundary)
        tally = engine.tally
        combined = tally.copy()
        if as_of is not None:
            combined.merge(engine.close_open_journeys(as_of))
        combined.findings.extend(
            life_findings(
                engine.citizens.values(),
                life if life is not None else bundled_life_events(),
                as_of,
            )
        )
        findings = tuple(
            sorted(
                (
                    f
                    if f.boundary is not None
                    else attrs.evolve(f, boundary=boundary(f.from_body, f.to_body))
                    for f in combined.findings
                ),
                key=Finding.sort_key,
            )
        )
        return cls(
            findings=findings,
            journey_map=JourneyMap.from_tally(combined),
            handoff_network=HandoffNetwork.build(combined, findings, boundary),
            scorecard=build_scorecard(combined, findings),
            by_tier_pair=summarise_by_tier_pair(findings),
            by_nation_crossing=summarise_by_nation_crossing(findings),
            journeys_started=tally.journeys_started,
            journeys_ended=tally.journeys_ended,
            journeys_open=0 if as_of is not None else len(engine.folds),
            as_of=as_of,
            tally=combined,
            journeys_erased=journeys_erased,
        )

    # --- queries ------------------------------------------------------------------------

    def map(self, granularity: Granularity | str = Granularity.TOUCHPOINT) -> JourneyMap:
        """The journey map at ``granularity`` (``touchpoint``, ``activity`` or ``body``)."""
        return JourneyMap.from_tally(self._tally, Granularity(granularity))

    def of_kind(self, kind: FindingKind | str) -> tuple[Finding, ...]:
        """The findings of one kind."""
        wanted = FindingKind(kind)
        return tuple(f for f in self.findings if f.kind is wanted)

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (every kind listed, zeros included)."""
        totals = {kind.value: 0 for kind in FindingKind}
        for finding in self.findings:
            totals[finding.kind.value] += 1
        return totals

    # --- plain data ---------------------------------------------------------------------

    def finding_rows(self) -> list[dict[str, Any]]:
        """One plain dict per finding (``pandas.DataFrame(analysis.finding_rows())``)."""
        return [_finding_row(f) for f in self.findings]

    def map_rows(
        self, granularity: Granularity | str = Granularity.TOUCHPOINT
    ) -> list[dict[str, Any]]:
        """One plain dict per journey-map edge."""
        return [_edge_row(edge) for edge in self.map(granularity).edges]

    def network_rows(self) -> list[dict[str, Any]]:
        """One plain dict per hand-off network edge."""
        return [_network_row(edge) for edge in self.handoff_network.edges]

    def scorecard_rows(self) -> list[dict[str, Any]]:
        """One plain dict per body."""
        return [_score_row(score) for score in self.scorecard]

    def to_json(self, *, granularity: Granularity | str = Granularity.TOUCHPOINT) -> dict[str, Any]:
        """The analysis as JSON-ready data, following schema version 1, with the
        journey map at ``granularity`` (``touchpoint``, ``activity`` or ``body``)."""
        journey_map = (
            self.journey_map
            if Granularity(granularity) is self.journey_map.granularity
            else self.map(granularity)
        )

        def summary(rows: tuple[BoundarySummary, ...]) -> list[dict[str, Any]]:
            return [
                {"kind": row.kind.value, "boundary": row.boundary, "stats": _stats(row.stats)}
                for row in rows
            ]

        return {
            "$schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "journeys": {
                "started": self.journeys_started,
                "ended": self.journeys_ended,
                "open": self.journeys_open,
            },
            "counts": self.counts(),
            "findings": [_finding_json(f) for f in self.findings],
            "journey_map": {
                "granularity": journey_map.granularity.value,
                "nodes": [_node_json(node) for node in journey_map.nodes],
                "edges": [_edge_row(edge) for edge in journey_map.edges],
            },
            "handoff_network": {
                "bodies": list(self.handoff_network.bodies),
                "edges": [_network_row(edge) for edge in self.handoff_network.edges],
            },
            "scorecard": [_score_row(score) for score in self.scorecard],
            "summary": {
                "by_tier_pair": summary(self.by_tier_pair),
                "by_nation_crossing": summary(self.by_nation_crossing),
            },
        }


def _stats(stats: DurationStats | None) -> dict[str, float | int] | None:
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


def _finding_row(finding: Finding) -> dict[str, Any]:
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
    row = _finding_row(finding)
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


def _edge_row(edge: MapEdge) -> dict[str, Any]:
    return {
        "source_body": edge.source[0],
        "source_label": edge.source[1],
        "target_body": edge.target[0],
        "target_label": edge.target[1],
        "stats": _stats(edge.stats),
    }


def _network_row(edge: NetworkEdge) -> dict[str, Any]:
    return {
        "from_body": edge.from_body,
        "to_body": edge.to_body,
        "boundary": _boundary(edge.boundary),
        "handoffs": edge.handoffs,
        "accepted": edge.accepted,
        "rejected": edge.rejected,
        "dropped": edge.dropped,
        "in_flight": edge.in_flight,
        "latency": _stats(edge.latency),
        "reasks": edge.reasks,
        "cold_transfers": edge.cold_transfers,
        "unheld": _stats(edge.unheld),
    }


def _score_row(score: BodyScore) -> dict[str, Any]:
    return {
        "body": score.body,
        "handoffs_in": score.handoffs_in,
        "handoffs_out": score.handoffs_out,
        "inbound_latency": _stats(score.inbound_latency),
        "outbound_latency": _stats(score.outbound_latency),
        "drops_in": score.drops_in,
        "drops_out": score.drops_out,
        "rejections_made": score.rejections_made,
        "rejections_received": score.rejections_received,
        "reasks_caused": score.reasks_caused,
        "cold_transfers_in": score.cold_transfers_in,
        "unheld_before": _stats(score.unheld_before),
        "unheld_after": _stats(score.unheld_after),
    }
