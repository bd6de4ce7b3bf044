"""What the swimlane layout takes and what it gives back.

Coordinates are in points with y growing downwards (as on a page); the picture
writer turns them into Graphviz's y-up coordinates. The layout works in columns:
each node sits in a *layer* (a column of nodes), and between two layers runs a
*channel* where edges change height and carry their labels.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs


class Point(NamedTuple):
    """A point on the page (y grows downwards). A named tuple: a route has
    thousands of them, and tuples are the quickest to make."""

    x: float
    y: float


@attrs.frozen
class NodeBox:
    """A node to place: its lane (0 at the top), its layer (column) and its size."""

    id: str
    lane: int
    layer: int
    width: float
    height: float
    shape: str = "box"


@attrs.frozen
class EdgeLine:
    """An edge to route from ``tail`` to ``head``.

    ``label`` is the size (width, height) of its label, if it has one;
    ``thickness`` its pen width; ``arrow`` the length of its arrowhead (0: none).
    """

    tail: str
    head: str
    label: tuple[float, float] | None = None
    thickness: float = 1.0
    arrow: float = 7.0


@attrs.frozen
class EdgeRoute:
    """A routed edge: a cubic B-spline (1 + 3n points) from the tail to the head,
    the arrow's tip when it has one (the spline then stops short of it), and the
    centre of its label."""

    spline: tuple[Point, ...]
    arrow_tip: Point | None
    label_centre: Point | None


@attrs.frozen
class Layout:
    """Where everything went.

    ``layer_spans`` and ``channel_spans`` are the (left, right) extent of each
    layer and of each channel (channel ``i`` lies right of layer ``i``; the
    last one is past the last layer). ``lane_spans`` are the (top, bottom) of each
    lane's band. ``width`` and ``height`` bound it all, from (0, 0).
    """

    nodes: dict[str, Point]
    edges: tuple[EdgeRoute, ...]
    layer_spans: tuple[tuple[float, float], ...]
    channel_spans: tuple[tuple[float, float], ...]
    lane_spans: tuple[tuple[float, float], ...]
    width: float
    height: float
