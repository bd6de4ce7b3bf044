"""The lines themselves: smooth curves through each edge's slots, labels above them.

An edge leaves its left node's side at its port, runs level through each slot
(straight under its label in the label's channel) and changes height only in
the gutters between, as an S-bend with level ends; so a line never crosses a
node or a label, and joins its neighbours without kinks. A line drawn right to
left (an edge closing a cycle) is the same curve walked backwards. The arrowhead
is Graphviz's: the curve stops one arrow's length short of the node, where
Graphviz draws the head. A loop (an edge from a node to itself) is an arch over
the node, its label above the arch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from journeys.render.layout.horizontal import Columns
from journeys.render.layout.model import EdgeLine, EdgeRoute, Point
from journeys.render.layout.shapes import side_offset, top_offset
from journeys.render.layout.slots import LABEL_GAP, Chain, Grid, Slot, loop_rises

LOOP_SPREAD = 20.0
"""Most distance, in points, from a node's centre to where its loop leaves and returns."""


def route_edges(
    grid: Grid,
    edges: Sequence[EdgeLine],
    ports: dict[tuple[int, str], float],
    columns: Columns,
) -> dict[int, EdgeRoute]:
    """Each edge's route, by its index in ``edges``."""
    routes = {}
    for chain in grid.chains:
        routes[chain.edge] = _route_chain(chain, edges[chain.edge], ports, columns)
    for node_id, indices in grid.loops.items():
        slot = grid.nodes[node_id]
        loops = [edges[index] for index in indices]
        for index, rise in zip(indices, loop_rises(loops), strict=False):
            routes[index] = _route_loop(slot, edges[index], rise, columns)
    return routes


def node_centre(slot: Slot, columns: Columns) -> Point:
    """Where the node of ``slot`` goes: the middle of its layer, at its height."""
    left, right = columns.ranks[slot.rank]
    return Point((left + right) / 2, slot.y)


Piece = tuple[Point, Point, Point, Point]
"""One cubic Bezier: start, two controls, end."""


def _route_chain(
    chain: Chain, edge: EdgeLine, ports: dict[tuple[int, str], float], columns: Columns
) -> EdgeRoute:
    start = _side(chain.left, ports[(chain.edge, "left")], columns, right_side=True)
    end = _side(chain.right, ports[(chain.edge, "right")], columns, right_side=False)
    # Level runs, left to right: out of the left node, through each slot, into the right node.
    runs = [(start.x, columns.ranks[chain.left.rank][1], start.y)]
    label_centre = None
    for slot in chain.slots:
        left, right = columns.cores.get(slot.rank, columns.ranks[slot.rank])
        runs.append((left, right, slot.y))
        if slot.kind == "label" and edge.label is not None:
            label_y = slot.y - edge.thickness / 2 - 1 - LABEL_GAP - edge.label[1] / 2
            label_centre = Point((left + right) / 2, label_y)
    runs.append((columns.ranks[chain.right.rank][0], end.x, end.y))
    pieces: list[Piece] = []
    for index, (left, right, y) in enumerate(runs):
        if right - left > 0.01:
            pieces.append(_level(Point(left, y), Point(right, y)))
        if index + 1 < len(runs):
            following_left, _, following_y = runs[index + 1]
            rank = chain.left.rank + index  # the climb happens leaving this rank
            gutter = (rank + 1, "left") if rank % 2 == 0 else (rank, "right")
            track = columns.tracks.get((chain.edge, *gutter))
            before, after = Point(right, y), Point(following_left, following_y)
            if track is None:
                if after.x - before.x > 0.01:
                    pieces.append(_level(before, Point(after.x, before.y)))
            else:
                pieces.append((before, Point(track, y), Point(track, following_y), after))
    pieces = _merged(pieces)
    if chain.reversed:
        pieces = [(d, c, b, a) for a, b, c, d in reversed(pieces)]
    tip = None
    if edge.arrow > 0:
        tip = pieces[-1][3]
        pieces = _stop_short(pieces, edge.arrow)
    spline = [pieces[0][0]]
    for _, first, second, last in pieces:
        spline += [first, second, last]
    return EdgeRoute(tuple(spline), tip, label_centre)


def _merged(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with each run of level pieces at one height made one piece (a
    long line passing through many columns is then a few points, not hundreds)."""
    merged = [pieces[0]]
    for piece in pieces[1:]:
        previous = merged[-1]
        if _is_level(previous) and _is_level(piece) and abs(previous[3].y - piece[0].y) < 0.01:
            merged[-1] = _level(previous[0], piece[3])
        else:
            merged.append(piece)
    return merged


def _level(start: Point, end: Point) -> Piece:
    third = (end.x - start.x) / 3
    return start, Point(start.x + third, start.y), Point(end.x - third, end.y), end


def _side(slot: Slot, y: float, columns: Columns, *, right_side: bool) -> Point:
    """Where a line at height ``y`` meets the node of ``slot`` on its right or left."""
    node = slot.node
    assert node is not None
    centre = node_centre(slot, columns)
    offset = side_offset(node.shape, node.width, node.height, y - centre.y)
    return Point(centre.x + offset if right_side else centre.x - offset, y)


def _stop_short(pieces: list[Piece], arrow: float) -> list[Piece]:
    """``pieces`` ending one arrowhead's length before the tip (their last point),
    where Graphviz draws the head; level runs shorter than that are dropped."""
    tip = pieces[-1][3]
    while len(pieces) > 1 and _is_level(pieces[-1]) and abs(pieces[-1][0].x - tip.x) < arrow:
        pieces = pieces[:-1]
    start, first, second, _ = pieces[-1]
    direction = 1.0 if start.x < tip.x else -1.0
    end = Point(tip.x - direction * arrow, tip.y)
    if _is_level(pieces[-1]):
        return [*pieces[:-1], _level(start, end)]
    return [*pieces[:-1], (start, first, Point(second.x, end.y), end)]


def _is_level(piece: Piece) -> bool:
    return abs(piece[0].y - piece[3].y) < 0.01 and abs(piece[1].y - piece[0].y) < 0.01


def _route_loop(slot: Slot, edge: EdgeLine, rise: float, columns: Columns) -> EdgeRoute:
    node = slot.node
    assert node is not None
    centre = node_centre(slot, columns)
    spread = min(node.width / 4, LOOP_SPREAD)
    top = centre.y - top_offset(node.shape, node.width, node.height, spread)
    start, end = Point(centre.x - spread, top), Point(centre.x + spread, top)
    summit = centre.y - node.height / 2 - rise
    first, second = Point(start.x - 4, summit), Point(end.x + 4, summit)
    tip = None
    if edge.arrow > 0:
        tip = end
        # Back along the curve's last tangent by one arrowhead.
        dx, dy = end.x - second.x, end.y - second.y
        length = math.hypot(dx, dy) or 1.0
        end = Point(end.x - dx / length * edge.arrow, end.y - dy / length * edge.arrow)
    label_centre = None
    if edge.label is not None:
        # A cubic with both controls at the summit peaks three quarters of the way up.
        peak = top - 0.75 * (top - summit)
        label_y = peak - edge.thickness / 2 - LABEL_GAP - edge.label[1] / 2
        label_centre = Point(centre.x, label_y)
    return EdgeRoute((start, first, second, end), tip, label_centre)
