"""Swimlane pictures: coloured bands stacked in a fixed order, laid out here and
drawn by Graphviz.

Graphviz's ``dot`` cannot be made to keep lanes in order (its crossing
minimisation moves clusters freely, and the constraints that pin them broke its
layout of larger maps), and with labelled edges inside clusters it took about
nine seconds for a map of a hundred touchpoints. So the layout is computed by
:mod:`journeys.render.layout` and written into the DOT as positions (``pos``,
``bb``, ``lp``) with ``layout=nop2``: Graphviz, whichever build, only draws it.

A picture is, top to bottom: its title; for a timeline, the time axis; the
lanes, each titled at its left; and the legend, under the lanes or beside them,
whichever makes the smaller picture.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs

from journeys.collector import collector_paused
from journeys.render import style
from journeys.render.escaping import dot_left_label, label_lines
from journeys.render.lane_bands import TITLE_PADDING, LaneTitle, PlacedNode, draw_lane_bands
from journeys.render.lanes import Lane
from journeys.render.layout.engine import lay_out
from journeys.render.layout.layers import WeightedEdge, assign_layers
from journeys.render.layout.model import EdgeLine, Layout, NodeBox, Point
from journeys.render.layout.shapes import node_size
from journeys.render.layout.text_metrics import text_size, text_width
from journeys.render.legend import LegendBlock, LegendEntry, columns_to_fit, legend_block
from journeys.render.positions import Page
from journeys.render.time_axis import TimeAxis

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

GAP = 10.0
"""Between the blocks of a picture (title, axis, lanes, legend), in points."""

ARROW_LENGTH = 10.0
"""Graphviz's arrowhead length at ``arrowsize=1``, in points."""

COLUMNS_PER_ROOT, MIN_COLUMNS = 0.8, 4
"""A picture whose columns are chosen from its edges and whose lanes would be wider
than :data:`FOLD_WIDTH` keeps its nodes in at most
``max(MIN_COLUMNS, ceil(COLUMNS_PER_ROOT * sqrt(nodes)))`` columns (besides a map's
start and end): the demo's map of 30 touchpoints had eleven, a strip five times as
wide as tall, and now has five, under 4,000 px wide and at most 3:1."""

FOLD_WIDTH = 2000.0
"""Lanes laid out wider than this (points; 2,667 px at 96 dpi) are laid out again
with their columns limited. A narrower picture keeps the columns its edges give it:
folding a short chain back on itself would only turn some of its lines round."""

MIN_TITLE_WIDTH = 720.0
"""The title wraps at the picture's width, but not narrower than this (points)."""


@attrs.frozen
class LaneNode:
    """A node drawn in a lane. ``label`` is already a DOT label; ``column``, when
    set, is the column (layer) the node must go in."""

    id: str
    lane: Lane
    label: str
    attributes: tuple[tuple[str, str], ...] = ()
    column: int | None = None


@attrs.frozen
class LaneEdge:
    """An edge between two lane nodes; its DOT ``attributes`` include its label.
    ``weight`` says how much keeping it short matters when columns are chosen."""

    tail: str
    head: str
    attributes: tuple[tuple[str, str], ...] = ()
    weight: float = 1.0


@attrs.frozen
class Swimlanes:
    """Everything a swimlane picture shows; ``title`` is a DOT label.

    Nodes go in the columns they name when they all name one (a timeline);
    otherwise columns are chosen from the edges, with ``first`` and ``last``,
    when set, alone in the first and the last column (a map's start and end).
    """

    title: str
    lanes: tuple[Lane, ...]
    nodes: tuple[LaneNode, ...]
    edges: tuple[LaneEdge, ...]
    legend: tuple[LegendEntry, ...]
    axis: TimeAxis | None = None
    first: str | None = None
    last: str | None = None


def draw_swimlanes(graph: JourneyGraph, picture: Swimlanes) -> None:
    """Lay ``picture`` out and write it, positions included, into ``graph``."""
    # The layout allocates hundreds of thousands of small objects: with an analysis
    # of a large population in memory, the cyclic collector's passes over it took
    # half the time of a big map (see journeys.collector).
    with collector_paused():
        _draw_swimlanes(graph, picture)


def _draw_swimlanes(graph: JourneyGraph, picture: Swimlanes) -> None:
    titles = [LaneTitle.of(lane) for lane in picture.lanes]
    title_column = max((title.width for title in titles), default=0.0) + 2 * TITLE_PADDING
    if picture.axis is not None:
        title_column = max(title_column, picture.axis.title_width + 2 * TITLE_PADDING)
    lane_index = {lane: index for index, lane in enumerate(picture.lanes)}
    edge_lines = [_edge_line(edge) for edge in picture.edges]

    def laid_out(columns: dict[str, int]) -> tuple[list[NodeBox], Layout]:
        boxes = [_node_box(node, lane_index[node.lane], columns[node.id]) for node in picture.nodes]
        layout = lay_out(
            boxes,
            edge_lines,
            lane_min_heights=[title.height + 2 * TITLE_PADDING for title in titles],
            layer_min_widths=picture.axis.column_widths() if picture.axis else (),
            channel_min_widths=picture.axis.gap_widths() if picture.axis else (),
        )
        return boxes, layout

    boxes, layout = laid_out(_columns(picture))
    if layout.width > FOLD_WIDTH and not _fixed_columns(picture):
        boxes, layout = laid_out(_columns(picture, column_limit(len(picture.nodes))))
    placed = [
        (node.lane, PlacedNode(node.id, node.label, node.attributes, box, layout.nodes[node.id]))
        for node, box in zip(picture.nodes, boxes, strict=True)
    ]
    _compose(graph, picture, layout, titles, placed, title_column)


def _fixed_columns(picture: Swimlanes) -> bool:
    return all(node.column is not None for node in picture.nodes)


def _columns(picture: Swimlanes, limit: int | None = None) -> dict[str, int]:
    if _fixed_columns(picture):
        return {node.id: node.column for node in picture.nodes if node.column is not None}
    return assign_layers(
        [node.id for node in picture.nodes],
        [WeightedEdge(edge.tail, edge.head, edge.weight) for edge in picture.edges],
        first=picture.first,
        last=picture.last,
        max_layers=limit,
    )


def column_limit(nodes: int) -> int:
    """How many columns a picture of ``nodes`` nodes too wide to read may take
    between its first and last: about the square root of their number, so that a
    busy map grows taller in its lanes rather than into a strip."""
    return max(MIN_COLUMNS, math.ceil(COLUMNS_PER_ROOT * math.sqrt(nodes)))


def _node_box(node: LaneNode, lane: int, column: int) -> NodeBox:
    attributes = dict(node.attributes)
    shape = attributes.get("shape", "ellipse")
    font_size = float(attributes.get("fontsize", style.FONT_SIZE))
    peripheries = int(attributes.get("peripheries", "1"))
    width, height = node_size(shape, label_lines(node.label), font_size, peripheries=peripheries)
    return NodeBox(node.id, lane, column, width, height, shape)


def _edge_line(edge: LaneEdge) -> EdgeLine:
    attributes = dict(edge.attributes)
    label = attributes.get("label")
    size = None
    if label:
        font_size = float(attributes.get("fontsize", style.SMALL_FONT_SIZE))
        size = text_size(label_lines(label), font_size)
    # A multi-colour line ("a:white:a") is drawn as that many parallel lines.
    strands = attributes.get("color", "").count(":") + 1
    thickness = float(attributes.get("penwidth", "1")) * strands
    arrow_size = float(attributes.get("arrowsize", style.ARROW_SIZE))
    arrow = 0.0 if attributes.get("arrowhead") == "none" else ARROW_LENGTH * arrow_size
    return EdgeLine(edge.tail, edge.head, size, thickness, arrow)


def _title_lines(title: str, width: float) -> list[str]:
    """The lines of the picture's title wrapped to fit ``width`` points, so a long
    name in it does not make the picture wider: between its " · " parts where
    possible, else between words, else within a word."""
    font_size = float(style.TITLE_FONT_SIZE)

    def fits(text: str) -> bool:
        return text_width(text, font_size) <= width

    lines = []
    for line in label_lines(title):
        current = ""
        for part in line.split(" · "):
            joined = f"{current} · {part}" if current else part
            if fits(joined):
                current = joined
                continue
            if current:
                lines.append(current + " ·")
            current = ""
            for word in part.split(" "):
                candidate = f"{current} {word}" if current else word
                if current and not fits(candidate):
                    lines.append(current)
                    candidate = word
                while len(candidate) > 1 and not fits(candidate):
                    cut = max(1, _fitting(candidate, width, font_size))
                    lines.append(candidate[:cut])
                    candidate = candidate[cut:]
                current = candidate
        lines.append(current)
    return lines


def _fitting(text: str, width: float, font_size: float) -> int:
    """How many leading characters of ``text`` fit in ``width`` points."""
    used = 0.0
    for count, character in enumerate(text):
        used += text_width(character, font_size)
        if used > width:
            return count
    return len(text)


def _legend_placement(picture: Swimlanes, width: float, height: float) -> tuple[LegendBlock, bool]:
    """The legend, and whether it goes beside the lanes (else under them): the
    choice that makes the smaller picture."""
    under = legend_block(picture.legend, columns=columns_to_fit(picture.legend, width))
    beside = legend_block(picture.legend, columns=1)
    area_under = max(width, under.width) * (height + GAP + under.height)
    area_beside = (width + GAP + beside.width) * max(height, beside.height)
    if area_beside < area_under:
        return beside, True
    return under, False


def _compose(
    graph: JourneyGraph,
    picture: Swimlanes,
    layout: Layout,
    titles: list[LaneTitle],
    placed: list[tuple[Lane, PlacedNode]],
    title_column: float,
) -> None:
    """Arrange title, axis, lanes and legend on the page and write them."""
    lanes_width = title_column + layout.width
    legend, beside = _legend_placement(picture, lanes_width, layout.height)
    width = lanes_width + GAP + legend.width if beside else max(lanes_width, legend.width)
    title_lines = _title_lines(picture.title, max(width, MIN_TITLE_WIDTH))
    title_width, title_height = text_size(title_lines, float(style.TITLE_FONT_SIZE))
    axis_top = title_height + GAP
    lanes_top = axis_top + (picture.axis.height + GAP / 2 if picture.axis else 0.0)
    if beside:
        legend_origin = Point(lanes_width + GAP, lanes_top)
        height = lanes_top + max(layout.height, legend.height)
    else:
        legend_origin = Point(0.0, lanes_top + layout.height + GAP)
        height = legend_origin.y + legend.height
    page = Page(height)
    graph.attr(
        layout="nop2",
        bb=page.box(0.0, 0.0, max(width, title_width), height),
        label=dot_left_label(*title_lines),
        lp=page.point(Point(title_width / 2, title_height / 2)),
    )
    lanes_page = page.within(0.0, lanes_top)
    draw_lane_bands(
        graph,
        lanes_page,
        list(zip(picture.lanes, titles, layout.lane_spans, strict=True)),
        placed,
        title_column=title_column,
        width=lanes_width,
    )
    if picture.axis is not None:
        picture.axis.draw(
            graph,
            page.within(0.0, axis_top),
            title_column=title_column,
            column_spans=layout.layer_spans,
            gap_spans=layout.channel_spans,
        )
    plot = lanes_page.within(title_column, 0.0)
    for edge, route in zip(picture.edges, layout.edges, strict=True):
        attributes = dict(edge.attributes)
        attributes["pos"] = plot.spline(route)
        if route.label_centre is not None:
            attributes["lp"] = plot.point(route.label_centre)
        graph.edge(edge.tail, edge.head, **attributes)
    legend.draw(graph, page, legend_origin)
