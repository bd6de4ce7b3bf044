"""The swimlane layout, start to finish: slots, order, heights, ports, widths, lines."""

from __future__ import annotations

from collections.abc import Sequence

from journeys.render.layout.horizontal import place_horizontally
from journeys.render.layout.model import EdgeLine, Layout, NodeBox
from journeys.render.layout.ordering import order_slots
from journeys.render.layout.ports import assign_ports
from journeys.render.layout.routing import node_centre, route_edges
from journeys.render.layout.slots import build_grid
from journeys.render.layout.vertical import place_vertically


def lay_out(
    nodes: Sequence[NodeBox],
    edges: Sequence[EdgeLine],
    *,
    lane_min_heights: Sequence[float],
    layer_min_widths: Sequence[float] = (),
    channel_min_widths: Sequence[float] = (),
) -> Layout:
    """Place ``nodes`` (each in its lane and layer) and route ``edges`` between them.

    There are as many lanes as ``lane_min_heights``, each at least that tall;
    layers and channels are at least as wide as ``layer_min_widths`` and
    ``channel_min_widths`` say (for an axis drawn over them).

    Raises:
        ValueError: if an edge joins two different nodes of one layer.
    """
    grid = build_grid(nodes, edges)
    order_slots(grid)
    lanes = place_vertically(grid, lane_min_heights)
    ports = assign_ports(grid)
    columns = place_horizontally(grid, ports, layer_min_widths, channel_min_widths)
    routes = route_edges(grid, edges, ports, columns)
    ranks = columns.ranks
    return Layout(
        nodes={node_id: node_centre(slot, columns) for node_id, slot in grid.nodes.items()},
        edges=tuple(routes[index] for index in range(len(edges))),
        layer_spans=ranks[0::2],
        channel_spans=ranks[1::2],
        lane_spans=lanes,
        width=columns.width,
        height=lanes[-1][1] if lanes else 0.0,
    )
