"""The value objects of a comparison of two analyses (:mod:`journeys.analysis.comparison`).

Every figure is kept for both cohorts, A (``first``) and B (``second``); every
change is B minus A, so swapping the cohorts negates it exactly.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from journeys.analysis.findings import FindingKind
from journeys.analysis.journey_map import Granularity
from journeys.analysis.statistics import DurationStats
from journeys.bodies import Boundary

__all__ = [
    "Comparison",
    "CountChange",
    "DurationChange",
    "FindingChange",
    "MapEdgeChange",
    "MapNodeChange",
    "NetworkEdgeChange",
    "NodeKey",
    "Presence",
]

NodeKey = tuple[str | None, str | None]


def _share(count: int, journeys: int) -> float:
    # An empty cohort has no journeys to share anything among: its shares are 0.
    return count / journeys if journeys else 0.0


class Presence(enum.Enum):
    """Where a node or edge was seen."""

    BOTH = "both"
    ONLY_FIRST = "only_first"
    """Only in cohort A: removed in B."""
    ONLY_SECOND = "only_second"
    """Only in cohort B: new in B."""


@attrs.frozen
class CountChange:
    """A count in each cohort and its share of that cohort's journeys."""

    first: int
    second: int
    first_share: float
    second_share: float

    @classmethod
    def of(cls, first: int, second: int, journeys: tuple[int, int]) -> CountChange:
        """The counts ``first`` and ``second`` of cohorts of ``journeys`` journeys."""
        return cls(first, second, _share(first, journeys[0]), _share(second, journeys[1]))

    @property
    def change(self) -> int:
        """B's count minus A's (raw: the cohorts may differ in size)."""
        return self.second - self.first

    @property
    def share_change(self) -> float:
        """B's share minus A's: the change to look at."""
        return self.second_share - self.first_share

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: both counts and shares, and the changes."""
        return {
            "first": self.first,
            "second": self.second,
            "first_share": self.first_share,
            "second_share": self.second_share,
            "change": self.change,
            "share_change": self.share_change,
        }


@attrs.frozen
class DurationChange:
    """A median duration (seconds) in each cohort; ``None`` where it had none."""

    first: float | None
    second: float | None

    @classmethod
    def of(cls, first: DurationStats | None, second: DurationStats | None) -> DurationChange:
        """The medians of two duration summaries."""
        return cls(
            first.median if first is not None else None,
            second.median if second is not None else None,
        )

    @property
    def change(self) -> float | None:
        """B's median minus A's (positive: slower in B), when both have one."""
        if self.first is None or self.second is None:
            return None
        return self.second - self.first

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: both medians and the change, in seconds."""
        return {"first": self.first, "second": self.second, "change": self.change}


@attrs.frozen
class MapNodeChange:
    """A journey-map node in A and B: visits, journeys starting and ending there."""

    body: str | None
    label: str | None
    presence: Presence
    visits: CountChange
    starts: CountChange
    ends: CountChange

    @property
    def key(self) -> NodeKey:
        """The node's identity: ``(body, label)``."""
        return (self.body, self.label)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "body": self.body,
            "label": self.label,
            "presence": self.presence.value,
            "visits": self.visits.to_json(),
            "starts": self.starts.to_json(),
            "ends": self.ends.to_json(),
        }


@attrs.frozen
class MapEdgeChange:
    """A directly-follows edge in A and B: how often it was taken, and its median."""

    source: NodeKey
    target: NodeKey
    presence: Presence
    transitions: CountChange
    median: DurationChange

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "source": list(self.source),
            "target": list(self.target),
            "presence": self.presence.value,
            "transitions": self.transitions.to_json(),
            "median_seconds": self.median.to_json(),
        }


@attrs.frozen
class NetworkEdgeChange:
    """A hand-off network edge in A and B: every count, and the median latency and
    unheld time. ``boundary`` is the one both share (the catalogue's)."""

    from_body: str
    to_body: str
    boundary: Boundary
    presence: Presence
    handoffs: CountChange
    accepted: CountChange
    rejected: CountChange
    dropped: CountChange
    reasks: CountChange
    cold_transfers: CountChange
    latency: DurationChange
    unheld: DurationChange

    @property
    def problems(self) -> CountChange:
        """Drops, refusals, re-asks and cold transfers together: citizens lost here."""
        parts = (self.dropped, self.rejected, self.reasks, self.cold_transfers)
        return CountChange(
            sum(p.first for p in parts),
            sum(p.second for p in parts),
            sum(p.first_share for p in parts),
            sum(p.second_share for p in parts),
        )

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "from_body": self.from_body,
            "to_body": self.to_body,
            "presence": self.presence.value,
            "crosses_nation": self.boundary.crosses_nation,
            **{
                name: getattr(self, name).to_json()
                for name in (
                    "handoffs",
                    "accepted",
                    "rejected",
                    "dropped",
                    "reasks",
                    "cold_transfers",
                )
            },
            "latency_median_seconds": self.latency.to_json(),
            "unheld_median_seconds": self.unheld.to_json(),
        }


@attrs.frozen
class FindingChange:
    """Findings of one kind in A and B (``counts.first_share * 1000`` is per 1,000)."""

    kind: FindingKind
    counts: CountChange

    @property
    def first_per_thousand(self) -> float:
        """A's findings of this kind per 1,000 journeys."""
        return self.counts.first_share * 1000

    @property
    def second_per_thousand(self) -> float:
        """B's findings of this kind per 1,000 journeys."""
        return self.counts.second_share * 1000

    @property
    def change_per_thousand(self) -> float:
        """B's rate per 1,000 journeys minus A's."""
        return self.second_per_thousand - self.first_per_thousand

    def to_json(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "kind": self.kind.value,
            "first": self.counts.first,
            "second": self.counts.second,
            "first_per_1000": self.first_per_thousand,
            "second_per_1000": self.second_per_thousand,
            "change_per_1000": self.change_per_thousand,
        }


@attrs.frozen
class Comparison:
    """What changed from cohort A (``first``) to cohort B (``second``).

    ``first_label`` and ``second_label`` say what each cohort is (a filter's
    :meth:`~journeys.analysis.JourneyFilter.describe`); ``nodes`` and ``edges`` are
    the union of both journey maps at ``granularity`` (in the maps' order),
    ``network`` the union of both hand-off networks, ``findings`` one row per kind.
    """

    first_label: str
    second_label: str
    first_journeys: int
    second_journeys: int
    granularity: Granularity
    nodes: tuple[MapNodeChange, ...]
    edges: tuple[MapEdgeChange, ...]
    network: tuple[NetworkEdgeChange, ...]
    findings: tuple[FindingChange, ...]

    @property
    def new_edges(self) -> tuple[MapEdgeChange, ...]:
        """Journey-map edges only in B."""
        return tuple(e for e in self.edges if e.presence is Presence.ONLY_SECOND)

    @property
    def removed_edges(self) -> tuple[MapEdgeChange, ...]:
        """Journey-map edges only in A."""
        return tuple(e for e in self.edges if e.presence is Presence.ONLY_FIRST)

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON-ready data (shares are per journey; changes B - A)."""
        return {
            "first": {"label": self.first_label, "journeys": self.first_journeys},
            "second": {"label": self.second_label, "journeys": self.second_journeys},
            "granularity": self.granularity.value,
            "nodes": [node.to_json() for node in self.nodes],
            "edges": [edge.to_json() for edge in self.edges],
            "network": [edge.to_json() for edge in self.network],
            "findings": [finding.to_json() for finding in self.findings],
        }
