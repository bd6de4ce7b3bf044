"""The lanes drawn: a coloured band each, its title at its left, its nodes in it.

Each band is a Graphviz cluster (``cluster_<key>``) given its bounding box; the
title is a node, not the cluster's label, so it sits at the band's left halfway
down whatever the band's height.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, label_lines, wrap
from journeys.render.lanes import Lane
from journeys.render.layout.model import NodeBox, Point
from journeys.render.layout.text_metrics import text_size
from journeys.render.positions import Page, inches

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

TITLE_WRAP = 18
"""Characters per line of a lane's title."""

TITLE_PADDING = 8.0
"""Around a lane's title, in points."""


@attrs.frozen
class LaneTitle:
    """A lane's title as a DOT label, and its size in points."""

    label: str
    width: float
    height: float

    @classmethod
    def of(cls, lane: Lane) -> LaneTitle:
        """The title of ``lane``, wrapped and measured."""
        label = dot_label(*wrap(lane.title, TITLE_WRAP))
        width, height = text_size(label_lines(label), float(style.LANE_TITLE_FONT_SIZE))
        return cls(label, width, height)


@attrs.frozen
class PlacedNode:
    """A node to draw: its id, DOT label and attributes, box and centre."""

    id: str
    label: str
    attributes: tuple[tuple[str, str], ...]
    box: NodeBox
    centre: Point


def lane_fill(lane: Lane) -> str:
    """The band colour of ``lane``."""
    return style.CITIZEN_FILL if lane.tier is None else style.TIER_FILLS[lane.tier]


def header_id(key: str) -> str:
    """The id of the title node of the lane (or band) ``key``."""
    return f"lane_{key}"


def draw_lane_bands(
    graph: JourneyGraph,
    page: Page,
    lanes: Sequence[tuple[Lane, LaneTitle, tuple[float, float]]],
    nodes: Sequence[tuple[Lane, PlacedNode]],
    *,
    title_column: float,
    width: float,
) -> None:
    """Draw each lane (with its title and its (top, bottom) on ``page``) as a band
    ``width`` wide, titled in the first ``title_column`` points, holding its
    ``nodes`` (whose centres are measured from the end of the title column)."""
    plot = page.within(title_column, 0.0)
    for lane, title, (top, bottom) in lanes:
        fill = lane_fill(lane)
        with graph.subgraph(name=f"cluster_{lane.key}") as cluster:
            cluster.attr(
                style="filled",
                color=fill,
                fillcolor=fill,
                label="",
                bb=page.box(0.0, top, width, bottom),
            )
            cluster.node(
                header_id(lane.key),
                label=title.label,
                shape="plaintext",
                fontsize=style.LANE_TITLE_FONT_SIZE,
                pos=page.point(Point(title_column / 2, (top + bottom) / 2)),
                width=inches(title.width + 4),
                height=inches(title.height),
                fixedsize="true",
            )
            for node_lane, node in nodes:
                if node_lane != lane:
                    continue
                cluster.node(
                    node.id,
                    label=node.label,
                    pos=plot.point(node.centre),
                    width=inches(node.box.width),
                    height=inches(node.box.height),
                    fixedsize="true",
                    **dict(node.attributes),
                )
