"""Swimlanes in dot: coloured bands stacked in a fixed order, optionally over time columns.

Dot lays out left to right here (``rankdir=LR``), so a lane is a cluster and its
vertical place is chosen by dot's crossing minimisation — which would happily put
the local lane above the central one. Two dot rules pin the order instead:

* outside clusters, flat edges (between nodes of one rank) fix the nodes' order,
  so a *spine* of invisible points, one per lane, is stacked by flat edges;
* every crossing of the edges tying each spine point to its lane's title costs
  dot as many times more as there are parallel copies of those edges, so with
  enough copies any other lane order costs more crossings than it could save.

Time columns (for timelines) work the same way: a row of axis nodes, chained
left to right within one group, with every node of a moment in its axis node's
rank.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, wrap
from journeys.render.lanes import Lane

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

AXIS_GROUP = "axis"

MAX_ANCHOR_STRENGTH = 8
"""The most parallel edges tying a lane to the spine: enough to hold the order of
legible pictures; many more made Graphviz 16 fail on maps of a hundred nodes."""


@attrs.frozen
class LaneNode:
    """A node drawn in a lane. ``label`` is already a DOT label; ``column``, when
    set, is the index of the time column the node belongs to."""

    id: str
    lane: Lane
    label: str
    attributes: tuple[tuple[str, str], ...] = ()
    column: int | None = None


@attrs.frozen
class AxisColumn:
    """One time column: its axis node's id and (DOT) label."""

    id: str
    label: str


def lane_fill(lane: Lane) -> str:
    """The band colour of ``lane``."""
    return style.CITIZEN_FILL if lane.tier is None else style.TIER_FILLS[lane.tier]


def header_id(key: str) -> str:
    """The id of the title node of the lane (or band) ``key``."""
    return f"lane_{key}"


def draw_swimlanes(
    graph: JourneyGraph,
    lanes: Sequence[Lane],
    nodes: Sequence[LaneNode],
    *,
    axis: Sequence[AxisColumn] = (),
    axis_title: str = "",
    below: Sequence[str] = (),
    anchor_strength: int = 1,
) -> None:
    """Draw ``lanes`` (top to bottom, in the order given) holding ``nodes``.

    With ``axis``, a row of time columns runs above the lanes, each node with a
    ``column`` is kept in that column, and lane titles form the first column.
    Without it, nodes sit where their edges put them, titles in the first ranks.
    ``below`` names title nodes of further bands (a legend) drawn elsewhere in
    ``graph``, stacked under the lanes.
    ``anchor_strength`` is how many parallel edges tie each lane to the spine:
    the number of edges the lanes hold is a safe choice (see the module docstring).
    """
    by_lane: dict[Lane, list[LaneNode]] = defaultdict(list)
    for node in nodes:
        by_lane[node.lane].append(node)
    keys = [lane.key for lane in lanes]
    for lane in lanes:
        fill = lane_fill(lane)
        with graph.subgraph(name=f"cluster_{lane.key}") as cluster:
            # The title is a node, not the band's label: dot does not keep a
            # cluster label clear of nodes when laying out left to right.
            cluster.attr(style="filled", color=fill, fillcolor=fill, label="")
            cluster.node(
                header_id(lane.key),
                label=dot_label(*wrap(lane.title, 18)),
                shape="plaintext",
                fontsize="12",
                width="1.6",
                group=lane.key,
            )
            for node in by_lane[lane]:
                cluster.node(node.id, label=node.label, **dict(node.attributes))
            if axis:
                # An invisible point in the last column stretches the band to the
                # full width of the picture.
                cluster.node(_tail_id(lane.key), shape="point", style="invis", width="0.01")
    titles = [header_id(key) for key in keys]
    spine_groups = keys
    if axis:
        graph.node(
            header_id(AXIS_GROUP),
            label=dot_label(axis_title),
            shape="plaintext",
            fontsize=style.SMALL_FONT_SIZE,
            fontcolor=style.MUTED,
            width="1.6",
            group=AXIS_GROUP,
        )
        titles = [header_id(AXIS_GROUP), *titles]
        spine_groups = [AXIS_GROUP, *keys]
    titles.extend(below)
    spine_groups = [*spine_groups, *(f"below{index}" for index in range(len(below)))]
    spines = [f"spine_{group}" for group in spine_groups]
    with graph.subgraph() as column:
        column.attr(rank="same")
        for spine, group in zip(spines, spine_groups, strict=True):
            column.node(spine, shape="point", style="invis", width="0.01", group=group)
    # Flat edges outside clusters stack the spine: each edge's tail above its head.
    for upper, lower in itertools.pairwise(spines):
        graph.edge(upper, lower, style="invis")
    for spine, title, group in zip(spines, titles, spine_groups, strict=True):
        if group.startswith("below"):
            # The band's title node carries its own group; match it.
            graph.node(title, group=group)
        for _ in range(max(1, anchor_strength)):
            # No weight: the anchors count in crossings but pull nothing into line.
            graph.edge(spine, title, style="invis", weight="0")
    with graph.subgraph() as column:
        column.attr(rank="same")
        for title in titles:
            column.node(title)
    if axis:
        _draw_axis(graph, keys, axis, nodes)


def _draw_axis(
    graph: JourneyGraph,
    keys: Sequence[str],
    axis: Sequence[AxisColumn],
    nodes: Sequence[LaneNode],
) -> None:
    members: dict[int, list[str]] = defaultdict(list)
    for node in nodes:
        if node.column is not None:
            members[node.column].append(node.id)
    previous = header_id(AXIS_GROUP)
    for index, column_node in enumerate(axis):
        graph.node(
            column_node.id,
            label=column_node.label,
            shape="plaintext",
            fontsize=style.SMALL_FONT_SIZE,
            fontcolor=style.MUTED,
            group=AXIS_GROUP,
        )
        graph.edge(previous, column_node.id, style="invis")
        previous = column_node.id
        last = index == len(axis) - 1
        with graph.subgraph() as column:
            column.attr(rank="same")
            for node_id in [
                column_node.id,
                *members[index],
                *([_tail_id(key) for key in keys] if last else []),
            ]:
                column.node(node_id)


def _tail_id(key: str) -> str:
    return f"end_{key}"
