"""Slots: what takes up room in each column of the layout.

The columns alternate: rank ``2 * layer`` holds the nodes of that layer, rank
``2 * layer + 1`` is the channel to its right. An edge from layer ``a`` to layer
``b > a`` takes one slot in every rank strictly between theirs: a thin *pass*
where it only runs through, and in one channel (the middle one) a *label* slot
big enough for its label, which sits just above the line. A slot stays in one
lane: an edge's slots are all in the lane of its left end, and it changes lanes
in the last channel, just before its right end. Laying out is then a matter of
ordering the slots of each rank (lanes stay in their order) and spacing them.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from journeys.render.layout.model import EdgeLine, NodeBox

LABEL_GAP = 2.0
"""Between a label's text and the line under it, in points."""

LOOP_HEIGHT = 16.0
"""How far a loop (an edge from a node to itself) rises above the node."""


@attrs.define(eq=False)
class Slot:
    """One thing in one rank: a node, an edge's label, or an edge passing through.

    ``above`` and ``below`` are how far it reaches above and below its line (the
    y an edge passes at, or a node's centre); ``width`` how wide it is.
    """

    rank: int
    lane: int
    kind: str
    above: float
    below: float
    width: float
    node: NodeBox | None = None
    edge: int | None = None
    left: list[Slot] = attrs.field(factory=list)
    right: list[Slot] = attrs.field(factory=list)
    y: float = 0.0
    order: int = 0


@attrs.frozen
class Chain:
    """The slots one edge takes, left to right, between its two nodes.

    ``reversed`` is true when the edge runs right to left (its head is the left
    node); ``thickness`` is the line's width.
    """

    edge: int
    left: Slot
    right: Slot
    slots: tuple[Slot, ...]
    reversed: bool
    thickness: float


@attrs.frozen
class Grid:
    """Every slot by rank, the node slots by id, each edge's chain and each
    node's loops (edges to itself, drawn above it)."""

    ranks: tuple[list[Slot], ...]
    nodes: dict[str, Slot]
    chains: tuple[Chain, ...]
    loops: dict[str, tuple[int, ...]]


def build_grid(nodes: Sequence[NodeBox], edges: Sequence[EdgeLine]) -> Grid:
    """The slots of ``nodes`` (each already in its layer) and of ``edges``."""
    layers = max((node.layer for node in nodes), default=0) + 1
    ranks: tuple[list[Slot], ...] = tuple([] for _ in range(2 * layers))
    by_id: dict[str, Slot] = {}
    for node in nodes:
        half = node.height / 2
        slot = Slot(2 * node.layer, node.lane, "node", half, half, node.width, node=node)
        by_id[node.id] = slot
        ranks[slot.rank].append(slot)
    loops: dict[str, list[int]] = {}
    chains = []
    for index, edge in enumerate(edges):
        tail, head = by_id[edge.tail], by_id[edge.head]
        if tail is head:
            loops.setdefault(edge.tail, []).append(index)
            continue
        chains.append(_chain(index, edge, tail, head, ranks))
    for node_id, indices in loops.items():
        slot = by_id[node_id]
        assert slot.node is not None
        rises = loop_rises([edges[index] for index in indices])
        slot.above = slot.node.height / 2 + rises[-1]
        slot.width = max(
            [slot.width] + [label[0] for i in indices if (label := edges[i].label) is not None]
        )
    return Grid(ranks, by_id, tuple(chains), {key: tuple(value) for key, value in loops.items()})


def _chain(
    index: int, edge: EdgeLine, tail: Slot, head: Slot, ranks: tuple[list[Slot], ...]
) -> Chain:
    reverse = tail.rank > head.rank
    left, right = (head, tail) if reverse else (tail, head)
    if left.rank == right.rank:
        raise ValueError(f"edge {edge.tail} -> {edge.head} joins two nodes of one layer")
    # The label goes in the middle channel of those the edge crosses.
    label_rank = 2 * ((left.rank // 2 + right.rank // 2 - 1) // 2) + 1
    line = edge.thickness / 2 + 1
    slots = []
    previous = left
    for rank in range(left.rank + 1, right.rank):
        if rank == label_rank and edge.label is not None:
            label_width, label_height = edge.label
            above = label_height + LABEL_GAP + line
            slot = Slot(rank, left.lane, "label", above, line, label_width, edge=index)
        else:
            slot = Slot(rank, left.lane, "pass", line, line, 0.0, edge=index)
        ranks[rank].append(slot)
        slot.left.append(previous)
        previous.right.append(slot)
        slots.append(slot)
        previous = slot
    right.left.append(previous)
    previous.right.append(right)
    return Chain(index, left, right, tuple(slots), reverse, edge.thickness)


def loop_rises(loops: Sequence[EdgeLine]) -> list[float]:
    """How far above its node's top each loop rises, then (last) how far the
    outermost label reaches: each loop rises above the previous one's label."""
    rises = []
    rise = LOOP_HEIGHT
    for loop in loops:
        rises.append(rise)
        label_height = loop.label[1] + LABEL_GAP if loop.label is not None else 0.0
        rise += label_height + LOOP_HEIGHT / 2
    rises.append(rise - LOOP_HEIGHT / 2)
    return rises
