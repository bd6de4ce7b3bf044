"""Columns for a graph that may have cycles: which layer each node goes in.

Journeys loop back (a claim re-opened, a hand-off sent back), so the graph is
first made acyclic: the nodes are put in a sequence with as little edge weight
as possible pointing backwards, and the edges that do point backwards are laid
out reversed (drawn right to left). Every node then goes one
layer right of its furthest predecessor (longest path), the ``last`` node one
layer right of everything, and each other node is moved, within what its
neighbours allow, to the weighted median of their layers, which shortens the
edges that would otherwise run across the whole picture. Everything is in input
order on ties, so the result is the same in every process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import attrs

BALANCING_PASSES = 2


@attrs.frozen
class WeightedEdge:
    """A directed edge and how much it matters (its count)."""

    tail: str
    head: str
    weight: float = 1.0


def assign_layers(
    nodes: Sequence[str],
    edges: Sequence[WeightedEdge],
    *,
    first: str | None = None,
    last: str | None = None,
    max_layers: int | None = None,
) -> dict[str, int]:
    """The layer (0 = leftmost) of each node.

    Every edge between two different nodes joins two different layers. ``first``,
    when given, is alone in layer 0 and ``last`` alone in the last layer.
    ``max_layers``, when given, is how many layers the other nodes may take: the
    nodes the longest paths put further right are folded back into them (see
    :func:`_folded`), so a long graph grows taller rather than wider. A node
    whose neighbours fill every one of those layers goes in a new one, so the
    limit is kept wherever it can be.
    """
    index = {node: position for position, node in enumerate(nodes)}
    forward = _acyclic(nodes, edges, index, first, last)
    successors: dict[str, list[tuple[str, float]]] = defaultdict(list)
    predecessors: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for tail, head, weight in forward:
        successors[tail].append((head, weight))
        predecessors[head].append((tail, weight))
    layer = _longest_paths(nodes, successors, predecessors, first)
    if last is not None:
        layer[last] = max((layer[node] for node in nodes if node != last), default=-1) + 1
    fixed = {node for node in (first, last) if node is not None}
    top = max(layer.values(), default=0)
    for _ in range(BALANCING_PASSES):
        for node in nodes:
            if node not in fixed:
                layer[node] = _balanced(node, layer, successors, predecessors, top, first, last)
    if max_layers is not None:
        layer = _folded(nodes, layer, successors, predecessors, max_layers, first, last)
    return _without_empty_layers(layer)


def _folded(
    nodes: Sequence[str],
    layer: dict[str, int],
    successors: dict[str, list[tuple[str, float]]],
    predecessors: dict[str, list[tuple[str, float]]],
    max_layers: int,
    first: str | None,
    last: str | None,
) -> dict[str, int]:
    """``layer`` with at most ``max_layers`` layers between ``first`` and ``last``.

    The nodes beyond the limit are taken left to right (by layer, then input
    order), each put in the layer, among those none of its neighbours placed so
    far is in, nearest the weighted mean of their layers (ties: the rightmost):
    its lines stay short, some of them drawn right to left, as a loop back is.
    """
    low = 1 if first is not None else 0
    high = low + max(max_layers, 1) - 1
    inner = [node for node in nodes if node not in (first, last)]
    if max((layer[node] for node in inner), default=low) <= high:
        return layer
    folded = dict(layer)
    placed = {node for node in inner if layer[node] <= high}
    if first is not None:
        placed.add(first)
    order = {node: position for position, node in enumerate(nodes)}
    for node in sorted(
        (node for node in inner if node not in placed), key=lambda n: (layer[n], order[n])
    ):
        neighbours = [
            (folded[other], weight)
            for other, weight in successors[node] + predecessors[node]
            if other in placed
        ]
        taken = {value for value, _ in neighbours}
        total = sum(weight for _, weight in neighbours)
        mean = sum(value * weight for value, weight in neighbours) / total if total else high
        free = [value for value in range(low, high + 1) if value not in taken]
        if free:
            folded[node] = min(free, key=lambda value: (abs(value - mean), -value))
        else:
            high += 1
            folded[node] = high
        placed.add(node)
    if last is not None:
        folded[last] = max((folded[node] for node in nodes if node != last), default=-1) + 1
    return folded


def _acyclic(
    nodes: Sequence[str],
    edges: Sequence[WeightedEdge],
    index: dict[str, int],
    first: str | None,
    last: str | None,
) -> list[tuple[str, str, float]]:
    """The edges with those against the node sequence turned round (self-loops
    left out)."""
    position = {
        node: place for place, node in enumerate(_sequence(nodes, edges, index, first, last))
    }
    result = []
    for edge in edges:
        if edge.tail == edge.head:
            continue
        if position[edge.tail] < position[edge.head]:
            result.append((edge.tail, edge.head, edge.weight))
        else:
            result.append((edge.head, edge.tail, edge.weight))
    return result


def _sequence(
    nodes: Sequence[str],
    edges: Sequence[WeightedEdge],
    index: dict[str, int],
    first: str | None,
    last: str | None,
) -> list[str]:
    """A left-to-right sequence of the nodes with little edge weight pointing
    backwards (Eades, Lin and Smyth's greedy heuristic, weighted): sinks are taken
    off to the right end and sources to the left end while there are any, then
    the node with the most weight out over weight in goes left."""
    outgoing: dict[str, dict[str, float]] = {node: {} for node in nodes}
    incoming: dict[str, dict[str, float]] = {node: {} for node in nodes}
    for edge in edges:
        if edge.tail != edge.head:
            outgoing[edge.tail][edge.head] = outgoing[edge.tail].get(edge.head, 0.0) + edge.weight
            incoming[edge.head][edge.tail] = incoming[edge.head].get(edge.tail, 0.0) + edge.weight
    remaining = dict.fromkeys(nodes)  # ordered, so every scan is in input order
    left: list[str] = []
    right: list[str] = []

    def take(node: str, side: list[str]) -> None:
        side.append(node)
        del remaining[node]
        for head in outgoing[node]:
            del incoming[head][node]
        for tail in incoming[node]:
            del outgoing[tail][node]

    if first is not None:
        take(first, left)
    if last is not None and last != first:
        take(last, right)
    while remaining:
        found = True
        while found:
            found = False
            for node in list(remaining):
                if node not in remaining:
                    continue
                if not outgoing[node]:
                    take(node, right)
                    found = True
                elif not incoming[node]:
                    take(node, left)
                    found = True
        if remaining:
            chosen = max(
                remaining,
                key=lambda node: (
                    sum(outgoing[node].values()) - sum(incoming[node].values()),
                    -index[node],
                ),
            )
            take(chosen, left)
    return left + right[::-1]


def _longest_paths(
    nodes: Sequence[str],
    successors: dict[str, list[tuple[str, float]]],
    predecessors: dict[str, list[tuple[str, float]]],
    first: str | None,
) -> dict[str, int]:
    waiting = {node: len(predecessors[node]) for node in nodes}
    # With a first node, every other node starts one layer right of it.
    layer = {node: 0 if first in (None, node) else 1 for node in nodes}
    ready = [node for node in nodes if waiting[node] == 0]
    position = 0
    while position < len(ready):
        node = ready[position]
        position += 1
        for head, _ in successors[node]:
            layer[head] = max(layer[head], layer[node] + 1)
            waiting[head] -= 1
            if waiting[head] == 0:
                ready.append(head)
    return layer


def _balanced(
    node: str,
    layer: dict[str, int],
    successors: dict[str, list[tuple[str, float]]],
    predecessors: dict[str, list[tuple[str, float]]],
    top: int,
    first: str | None,
    last: str | None,
) -> int:
    """The layer, within the node's slack, closest to the weighted median of its
    neighbours' layers (its current layer when there is no better one)."""
    low = max((layer[tail] + 1 for tail, _ in predecessors[node]), default=1 if first else 0)
    high = min((layer[head] - 1 for head, _ in successors[node]), default=top)
    if last is not None:
        high = min(high, layer[last] - 1)
    neighbours = sorted(
        [(layer[tail], weight) for tail, weight in predecessors[node]]
        + [(layer[head], weight) for head, weight in successors[node]]
    )
    if not neighbours or low >= high:
        return layer[node]
    half = sum(weight for _, weight in neighbours) / 2
    running = 0.0
    median = neighbours[-1][0]
    for value, weight in neighbours:
        running += weight
        if running >= half:
            median = value
            break
    return min(max(median, low), high)


def _without_empty_layers(layer: dict[str, int]) -> dict[str, int]:
    used = sorted(set(layer.values()))
    renumbered = {old: new for new, old in enumerate(used)}
    return {node: renumbered[value] for node, value in layer.items()}
