"""Comparing two analyses: what changed between cohort A (``first``) and cohort B (``second``).

:func:`compare` is pure: it takes two :class:`~journeys.analysis.Analysis` results,
whatever made them (two filters over one store, or two simulated designs), and
returns a :class:`Comparison`: for every journey-map node and edge and every
hand-off network edge in either, the figures of each cohort and the change
from A to B; and the findings of each kind per 1,000 journeys.

Cohorts differ in size, so what is compared is the **share**: a count divided by
the cohort's journeys (``journeys_started``). A journey that takes an edge twice
counts twice, so a share can exceed 1 (it is "per journey", like the findings'
"per 1,000 journeys"). Durations are compared by their medians. Every change is
B minus A, so swapping the cohorts negates every change exactly.
:func:`compare_cohorts` runs the two filtered analyses of one app and compares them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from journeys.analysis.findings import FindingKind
from journeys.analysis.journey_map import Granularity, JourneyMap, MapEdge, MapNode
from journeys.analysis.network import NetworkEdge
from journeys.analysis.result import Analysis
from journeys.analysis.statistics import DurationStats
from journeys.bodies import Boundary

if TYPE_CHECKING:
    from journeys.analysis.filters import JourneyFilter
    from journeys.application import JourneyApp
    from journeys.blueprints import Blueprint
    from journeys.bodies import Catalogue

__all__ = [
    "Comparison",
    "CountChange",
    "DurationChange",
    "FindingChange",
    "MapEdgeChange",
    "MapNodeChange",
    "NetworkEdgeChange",
    "Presence",
    "compare",
    "compare_cohorts",
]

NodeKey = tuple[str | None, str | None]
T = TypeVar("T")
K = TypeVar("K")


class Presence(enum.Enum):
    """Where a node or edge was seen."""

    BOTH = "both"
    ONLY_FIRST = "only_first"
    """Only in cohort A: removed in B."""
    ONLY_SECOND = "only_second"
    """Only in cohort B: new in B."""


def _share(count: int, journeys: int) -> float:
    # An empty cohort has no journeys to share anything among: its shares are 0.
    return count / journeys if journeys else 0.0


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


def compare(
    first: Analysis,
    second: Analysis,
    *,
    granularity: Granularity | str = Granularity.TOUCHPOINT,
    first_label: str | None = None,
    second_label: str | None = None,
) -> Comparison:
    """Compare analysis ``first`` (cohort A) with ``second`` (cohort B).

    The journey maps are compared at ``granularity``. The labels default to what
    each analysis was filtered by (``"all journeys"`` when it was not).
    """
    wanted = Granularity(granularity)
    journeys = (first.journeys_started, second.journeys_started)
    first_map, second_map = first.map(wanted), second.map(wanted)
    return Comparison(
        first_label=first_label if first_label is not None else _label(first),
        second_label=second_label if second_label is not None else _label(second),
        first_journeys=journeys[0],
        second_journeys=journeys[1],
        granularity=wanted,
        nodes=_node_changes(first_map, second_map, journeys),
        edges=_edge_changes(first_map, second_map, journeys),
        network=_network_changes(
            first.handoff_network.edges, second.handoff_network.edges, journeys
        ),
        findings=tuple(
            FindingChange(
                kind,
                CountChange.of(first.counts()[kind.value], second.counts()[kind.value], journeys),
            )
            for kind in FindingKind
        ),
    )


def compare_cohorts(
    app: JourneyApp,
    first: JourneyFilter,
    second: JourneyFilter,
    *,
    as_of: datetime | None = None,
    catalogue: Catalogue | None = None,
    blueprint: Blueprint | Iterable[Blueprint] | None = None,
    granularity: Granularity | str = Granularity.TOUCHPOINT,
) -> Comparison:
    """Analyse the journeys of ``app`` that ``first`` keeps and those ``second`` keeps
    (each with ``as_of``, ``catalogue`` and ``blueprint`` as :func:`~journeys.analysis.analyse`
    takes them), and :func:`compare` the two; the labels are the filters' descriptions."""
    from journeys.analysis.batch import analyse

    def run(where: JourneyFilter) -> Analysis:
        return analyse(app, catalogue=catalogue, as_of=as_of, blueprint=blueprint, where=where)

    return compare(
        run(first),
        run(second),
        granularity=granularity,
        first_label=first.describe(),
        second_label=second.describe(),
    )


def _label(analysis: Analysis) -> str:
    return analysis.filtered_by or "all journeys"


def _presence(first: object | None, second: object | None) -> Presence:
    if first is None:
        return Presence.ONLY_SECOND
    if second is None:
        return Presence.ONLY_FIRST
    return Presence.BOTH


def _union(
    first: Iterable[T], second: Iterable[T], key: Callable[[T], K], order: Callable[[K], Any]
) -> list[tuple[K, T | None, T | None]]:
    """The items of both, matched by ``key``, sorted by ``order`` of the key."""
    ones = {key(item): item for item in first}
    twos = {key(item): item for item in second}
    return [(k, ones.get(k), twos.get(k)) for k in sorted(ones.keys() | twos.keys(), key=order)]


def _node_order(key: NodeKey) -> tuple[str, str]:
    return (key[0] or "", key[1] or "")


def _node_changes(
    first: JourneyMap, second: JourneyMap, journeys: tuple[int, int]
) -> tuple[MapNodeChange, ...]:
    def count(node: MapNode | None, name: str) -> int:
        return int(getattr(node, name)) if node is not None else 0

    return tuple(
        MapNodeChange(
            key[0],
            key[1],
            _presence(one, two),
            *(
                CountChange.of(count(one, name), count(two, name), journeys)
                for name in ("visits", "starts", "ends")
            ),
        )
        for key, one, two in _union(first.nodes, second.nodes, lambda n: n.key, _node_order)
    )


def _edge_changes(
    first: JourneyMap, second: JourneyMap, journeys: tuple[int, int]
) -> tuple[MapEdgeChange, ...]:
    def key(edge: MapEdge) -> tuple[NodeKey, NodeKey]:
        return (edge.source, edge.target)

    def order(pair: tuple[NodeKey, NodeKey]) -> tuple[tuple[str, str], tuple[str, str]]:
        return (_node_order(pair[0]), _node_order(pair[1]))

    return tuple(
        MapEdgeChange(
            pair[0],
            pair[1],
            _presence(one, two),
            CountChange.of(
                one.count if one is not None else 0, two.count if two is not None else 0, journeys
            ),
            DurationChange.of(
                one.stats if one is not None else None, two.stats if two is not None else None
            ),
        )
        for pair, one, two in _union(first.edges, second.edges, key, order)
    )


def _network_changes(
    first: Iterable[NetworkEdge], second: Iterable[NetworkEdge], journeys: tuple[int, int]
) -> tuple[NetworkEdgeChange, ...]:
    changes = []
    for pair, one, two in _union(
        first, second, lambda e: (e.from_body, e.to_body), lambda pair: pair
    ):
        either = one if one is not None else two
        assert either is not None

        def counted(
            name: str, a: NetworkEdge | None = one, b: NetworkEdge | None = two
        ) -> CountChange:
            return CountChange.of(
                getattr(a, name) if a is not None else 0,
                getattr(b, name) if b is not None else 0,
                journeys,
            )

        changes.append(
            NetworkEdgeChange(
                from_body=pair[0],
                to_body=pair[1],
                boundary=either.boundary,
                presence=_presence(one, two),
                handoffs=counted("handoffs"),
                accepted=counted("accepted"),
                rejected=counted("rejected"),
                dropped=counted("dropped"),
                reasks=counted("reasks"),
                cold_transfers=counted("cold_transfers"),
                latency=DurationChange.of(
                    one.latency if one is not None else None,
                    two.latency if two is not None else None,
                ),
                unheld=DurationChange.of(
                    one.unheld if one is not None else None,
                    two.unheld if two is not None else None,
                ),
            )
        )
    return tuple(changes)
