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

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from journeys.analysis.comparison_model import (
    Comparison,
    CountChange,
    DurationChange,
    FindingChange,
    MapEdgeChange,
    MapNodeChange,
    NetworkEdgeChange,
    NodeKey,
    Presence,
)
from journeys.analysis.findings import FindingKind
from journeys.analysis.journey_map import Granularity, JourneyMap, MapEdge, MapNode
from journeys.analysis.network import NetworkEdge
from journeys.analysis.result import Analysis

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
    "NodeKey",
    "Presence",
    "compare",
    "compare_cohorts",
]

T = TypeVar("T")
K = TypeVar("K")


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
