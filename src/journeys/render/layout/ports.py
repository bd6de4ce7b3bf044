"""Where lines leave and enter nodes: spread along the node's side, in the order
of where they go, so lines meeting at one node do not cross there."""

from __future__ import annotations

from collections import defaultdict

from journeys.render.layout.slots import Chain, Grid, Slot

PORT_SPACING = 6.0
"""Most room between two lines meeting one side of a node, in points."""

_ROUND_SHAPES = frozenset({"ellipse", "circle", "octagon"})
"""Outlines whose sides curve or slant away from the middle: lines meet them closer together."""


def assign_ports(grid: Grid) -> dict[tuple[int, str], float]:
    """The height of each line's end at each of its nodes: ``(edge, "left")`` is
    where the chain of ``edge`` leaves its left node, ``(edge, "right")`` where it
    reaches its right node."""
    leaving: dict[str, list[Chain]] = defaultdict(list)  # by the id of the left node
    arriving: dict[str, list[Chain]] = defaultdict(list)
    for chain in grid.chains:
        assert chain.left.node is not None
        assert chain.right.node is not None
        leaving[chain.left.node.id].append(chain)
        arriving[chain.right.node.id].append(chain)
    ports: dict[tuple[int, str], float] = {}
    for node_id, slot in grid.nodes.items():
        outgoing = sorted(leaving[node_id], key=lambda chain: _key(chain.slots[0]))
        for chain, y in zip(outgoing, _spread(slot, len(outgoing)), strict=True):
            ports[(chain.edge, "left")] = y
        incoming = sorted(arriving[node_id], key=lambda chain: _key(chain.slots[-1]))
        for chain, y in zip(incoming, _spread(slot, len(incoming)), strict=True):
            ports[(chain.edge, "right")] = y
    return ports


def _key(slot: Slot) -> tuple[float, int]:
    return slot.y, slot.order


def _spread(slot: Slot, count: int) -> list[float]:
    """``count`` heights centred on the node, as far apart as its side allows."""
    if count <= 1:
        return [slot.y] * count
    assert slot.node is not None
    height = slot.node.height
    usable = height * (0.4 if slot.node.shape in _ROUND_SHAPES else 0.7)
    spacing = min(PORT_SPACING, usable / (count - 1))
    middle = (count - 1) / 2
    return [slot.y + (index - middle) * spacing for index in range(count)]
