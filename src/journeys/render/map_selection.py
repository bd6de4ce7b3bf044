"""Which touchpoints and transitions a journey map keeps, and what its title says
about the rest.

A map cut to its top N touchpoints and transitions (:func:`select`) draws journeys
starting and ending only at the touchpoints it keeps, so its title says what was
left out, the starts and ends included (:func:`left_out_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from journeys.analysis.journey_map import JourneyMap, MapEdge, MapNode
from journeys.analysis.publishing import count_text, is_suppressed

NodeKey = tuple[str | None, str | None]
T = TypeVar("T")


def select(
    journey_map: JourneyMap,
    top_nodes: int | None,
    top_edges: int | None,
    rank_by: str,
) -> tuple[list[MapNode], list[MapEdge]]:
    """The nodes and edges :func:`render_map` draws, in the map's order."""
    nodes = list(journey_map.nodes)
    if top_nodes is not None and top_nodes < len(nodes):
        delay_into: dict[NodeKey, float] = {}
        for edge in journey_map.edges:
            delay_into[edge.target] = delay_into.get(edge.target, 0.0) + edge.stats.total

        def node_weight(node: MapNode) -> float:
            return float(node.visits) if rank_by == "count" else delay_into.get(node.key, 0.0)

        chosen = set(_top(nodes, top_nodes, node_weight))
        nodes = [node for node in nodes if node in chosen]
    kept = {node.key for node in nodes}
    edges = [e for e in journey_map.edges if e.source in kept and e.target in kept]
    if top_edges is not None and top_edges < len(edges):

        def edge_weight(edge: MapEdge) -> float:
            return float(edge.count) if rank_by == "count" else edge.stats.total

        chosen_edges = set(map(id, _top(edges, top_edges, edge_weight)))
        edges = [edge for edge in edges if id(edge) in chosen_edges]
        touched = {key for edge in edges for key in (edge.source, edge.target)}
        nodes = [node for node in nodes if node.key in touched]
    return nodes, edges


def _top(items: Sequence[T], count: int, weight: Callable[[T], float]) -> list[T]:
    order = sorted(range(len(items)), key=lambda index: (-weight(items[index]), index))
    return [items[index] for index in order[:count]]


def shown_text(
    journey_map: JourneyMap,
    nodes: Sequence[MapNode],
    edges: Sequence[MapEdge],
    rank_by: str,
    threshold: int | None = None,
) -> str:
    """The title's line on what a map shows of ``journey_map`` — and, when it was
    cut to its top N, a second line on what it left out (:func:`left_out_text`)."""
    text = (
        f"showing {len(nodes)} of {len(journey_map.nodes)} touchpoints and "
        f"{len(edges)} of {len(journey_map.edges)} transitions"
    )
    if len(nodes) < len(journey_map.nodes) or len(edges) < len(journey_map.edges):
        text += f" (kept by {'count' if rank_by == 'count' else 'total delay'})"
        # A line of its own in the title (dot_label starts one at a newline).
        return f"{text}\n{left_out_text(journey_map, nodes, edges, threshold)}"
    return text


def left_out_text(
    journey_map: JourneyMap,
    nodes: Sequence[MapNode],
    edges: Sequence[MapEdge],
    threshold: int | None = None,
) -> str:
    """What a map cut to its top touchpoints and transitions does not show: how many
    transitions it left out and how often they were made, and how many journeys
    start and end at touchpoints left out — its start and end lines carry only the
    rest, so without this a "journeys start" line of 39 hid 3,028 journeys."""

    def number(count: int) -> str:
        # Published (a ``threshold``), a total below it reads "<10" like any count.
        if threshold is not None and is_suppressed(count, threshold):
            return count_text(count, threshold)
        return f"{count:,}"

    dropped_edges = len(journey_map.edges) - len(edges)
    dropped_steps = sum(edge.count for edge in journey_map.edges) - sum(e.count for e in edges)
    starts = sum(node.starts for node in journey_map.nodes)
    ends = sum(node.ends for node in journey_map.nodes)
    starts_out = starts - sum(node.starts for node in nodes)
    ends_out = ends - sum(node.ends for node in nodes)
    plural = "" if dropped_edges == 1 else "s"
    made = "" if not dropped_edges else f" made {number(dropped_steps)} times"
    return (
        f"not shown: {number(dropped_edges)} transition{plural}{made}; "
        f"the starts of {number(starts_out)} of {number(starts)} journeys and "
        f"the ends of {number(ends_out)} of {number(ends)} (at touchpoints not shown)"
    )
