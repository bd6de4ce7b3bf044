"""What changed between two designs' pooled analyses, for the difference map and network.

Both designs are run on the same citizens with the same luck, so whatever the
designs share (another nation's journeys, the steps before a changed hand-off)
is counted identically in both pooled analyses. :func:`changed_only` keeps the
touchpoints, transitions and hand-off network edges whose counts or medians
differ at all, so that a picture of a change in one nation is not filled with
the unchanged journeys of the others.
"""

from __future__ import annotations

import attrs

from journeys.analysis import Comparison, Presence
from journeys.analysis.comparison_model import (
    CountChange,
    DurationChange,
    MapEdgeChange,
    MapNodeChange,
    NetworkEdgeChange,
)

__all__ = ["changed_only"]


def _counts_differ(*changes: CountChange) -> bool:
    return any(change.first != change.second for change in changes)


def _durations_differ(*changes: DurationChange) -> bool:
    return any(change.first != change.second for change in changes)


def _node_changed(node: MapNodeChange) -> bool:
    return node.presence is not Presence.BOTH or _counts_differ(node.visits, node.starts, node.ends)


def _edge_changed(edge: MapEdgeChange) -> bool:
    return (
        edge.presence is not Presence.BOTH
        or _counts_differ(edge.transitions)
        or _durations_differ(edge.median)
    )


def _network_changed(edge: NetworkEdgeChange) -> bool:
    return (
        edge.presence is not Presence.BOTH
        or _counts_differ(
            edge.handoffs,
            edge.accepted,
            edge.rejected,
            edge.dropped,
            edge.reasks,
            edge.cold_transfers,
        )
        or _durations_differ(edge.latency, edge.unheld)
    )


def changed_only(comparison: Comparison) -> Comparison:
    """``comparison`` with only what changed: the transitions and network edges whose
    counts or medians differ, and the touchpoints whose counts differ or that such a
    transition joins. The findings per 1,000 journeys are kept whole."""
    edges = tuple(edge for edge in comparison.edges if _edge_changed(edge))
    ends = {key for edge in edges for key in (edge.source, edge.target)}
    nodes = tuple(node for node in comparison.nodes if _node_changed(node) or node.key in ends)
    network = tuple(edge for edge in comparison.network if _network_changed(edge))
    return attrs.evolve(comparison, nodes=nodes, edges=edges, network=network)
