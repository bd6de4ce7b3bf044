"""A lifeline laid out and written: lanes of rows, each row a run of marks.

Everything is placed on the broken time axis of :mod:`journeys.render.life_axis`.
Each mark (a journey's band, a journey's activity in a tier lane, a finding) is
an *item* with a horizontal extent that includes its label; items go in the
first row of their lane where they overlap nothing, so no two labels overlap.
The DOT carries every position (``layout=nop2``), as for the other pictures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, dot_left_label, label_lines
from journeys.render.lane_bands import (
    TITLE_PADDING,
    LaneTitle,
    PlacedNode,
    draw_lane_bands,
    header_id,
)
from journeys.render.lanes import Lane
from journeys.render.layout.model import NodeBox, Point
from journeys.render.layout.shapes import MARGIN_X
from journeys.render.layout.text_metrics import text_size
from journeys.render.legend import LegendEntry, columns_to_fit, legend_block
from journeys.render.life_axis import LifeAxis, idle_text
from journeys.render.positions import Page, inches

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

GAP = 10.0
"""Between the blocks of the picture (title, axis, lanes, legend), in points."""
ITEM_GAP = 12.0
"""The least room between two items in one row, in points."""
ROW_GAP = 6.0
LANE_PADDING = 8.0
CUT_STRIP = 14.0
"""How wide the white strip drawn down the lanes at each cut is, in points."""
AXIS_KEY = "axis"
JOURNEY_INK = "#4a4a4a"
"""The colour of a journey's band."""


@attrs.frozen
class Mark:
    """One node of an item: its id, DOT label and attributes, centre (``x`` on the
    axis, ``dy`` down from the item's top) and size in points."""

    id: str
    label: str
    attributes: tuple[tuple[str, str], ...]
    x: float
    dy: float
    width: float
    height: float


@attrs.frozen
class Link:
    """A straight line between two marks of an item (a finding's span)."""

    tail: str
    head: str
    attributes: tuple[tuple[str, str], ...]


@attrs.frozen
class Item:
    """Marks drawn together in one row of a lane, covering ``left`` to ``right``."""

    lane: Lane
    left: float
    right: float
    height: float
    marks: tuple[Mark, ...]
    links: tuple[Link, ...] = ()


def text_mark(
    mark_id: str, lines: Sequence[str], left: float, top: float, font_size: str, colour: str
) -> Mark:
    """A left-aligned plain text whose first character is at ``left``."""
    width, height = text_size(list(lines), float(font_size))
    return Mark(
        mark_id,
        dot_left_label(*lines),
        (("fontcolor", colour), ("fontsize", font_size), ("shape", "plaintext")),
        left + width / 2,
        top + height / 2,
        width + 2 * MARGIN_X,
        height,
    )


def rows_of(items: Sequence[Item]) -> list[list[Item]]:
    """``items`` in rows: each in the first row where it overlaps nothing."""
    rows: list[list[Item]] = []
    ends: list[float] = []
    for item in sorted(items, key=lambda item: (item.left, item.right)):
        for index, end in enumerate(ends):
            if item.left >= end + ITEM_GAP:
                rows[index].append(item)
                ends[index] = item.right
                break
        else:
            rows.append([item])
            ends.append(item.right)
    return rows


@attrs.frozen
class LifePicture:
    """What a lifeline shows: its title (a DOT label), lanes top to bottom, items,
    the axis and the legend."""

    title: str
    lanes: tuple[Lane, ...]
    items: tuple[Item, ...]
    axis: LifeAxis
    legend: tuple[LegendEntry, ...]


def draw_life_picture(graph: JourneyGraph, picture: LifePicture) -> None:
    """Lay ``picture`` out and write it, positions included, into ``graph``."""
    titles = [LaneTitle.of(lane) for lane in picture.lanes]
    title_column = max((title.width for title in titles), default=0.0) + 2 * TITLE_PADDING
    axis_title = text_size(["time (UTC)"], float(style.SMALL_FONT_SIZE))
    title_column = max(title_column, axis_title[0] + 2 * TITLE_PADDING)
    plot_width = max(picture.axis.width, max((item.right for item in picture.items), default=0.0))
    lanes_width = title_column + plot_width + LANE_PADDING

    # Each lane: its rows, their tops; the lane's (top, bottom).
    spans: list[tuple[float, float]] = []
    placed: list[tuple[Lane, PlacedNode]] = []
    links: list[tuple[Link, Item, float]] = []
    top = 0.0
    for lane, title in zip(picture.lanes, titles, strict=True):
        rows = rows_of([item for item in picture.items if item.lane == lane])
        row_top = top + LANE_PADDING
        for row in rows:
            for item in row:
                placed.extend((lane, _placed(mark, row_top)) for mark in item.marks)
                links.extend((link, item, row_top) for link in item.links)
            row_top += max(item.height for item in row) + ROW_GAP
        bottom = max(row_top - ROW_GAP + LANE_PADDING, top + title.height + 2 * TITLE_PADDING)
        spans.append((top, bottom))
        top = bottom
    lanes_height = top

    legend = legend_block(
        picture.legend, columns=columns_to_fit(picture.legend, lanes_width), wrap_width=34
    )
    width = max(lanes_width, legend.width)
    title_lines = label_lines(picture.title)
    title_width, title_height = text_size(title_lines, float(style.TITLE_FONT_SIZE))
    axis_top = title_height + GAP
    axis_height = _axis_height()
    lanes_top = axis_top + axis_height + GAP / 2
    legend_top = lanes_top + lanes_height + GAP
    height = legend_top + legend.height
    page = Page(height)
    graph.attr(
        layout="nop2",
        bb=page.box(0.0, 0.0, max(width, title_width), height),
        label=picture.title,
        lp=page.point(Point(title_width / 2, title_height / 2)),
    )
    lanes_page = page.within(0.0, lanes_top)
    draw_lane_bands(
        graph,
        lanes_page,
        list(zip(picture.lanes, titles, spans, strict=True)),
        placed,
        title_column=title_column,
        width=lanes_width,
    )
    plot = lanes_page.within(title_column, 0.0)
    centres = {node.id: node.centre for _, node in placed}
    for link, _, _ in links:
        tail, head = centres[link.tail], centres[link.head]
        third = (head.x - tail.x) / 3
        points = [Point(tail.x + step * third, tail.y) for step in range(4)]
        graph.edge(
            link.tail,
            link.head,
            pos=" ".join(plot.point(point) for point in points),
            **dict(link.attributes),
        )
    _draw_cuts(graph, plot, picture.axis, lanes_height)
    _draw_axis(graph, page.within(0.0, axis_top), picture.axis, title_column, axis_height)
    legend.draw(graph, page, Point(0.0, legend_top))


def _placed(mark: Mark, row_top: float) -> PlacedNode:
    shape = dict(mark.attributes).get("shape", "box")
    return PlacedNode(
        mark.id,
        mark.label,
        mark.attributes,
        NodeBox(mark.id, 0, 0, mark.width, mark.height, shape),
        Point(mark.x, row_top + mark.dy),
    )


def _axis_height() -> float:
    year = text_size(["2025"], float(style.FONT_SIZE))[1]
    dates = text_size(["3 Mar"], float(style.SMALL_FONT_SIZE))[1]
    return year + dates + 2.0


def _draw_axis(
    graph: JourneyGraph, page: Page, axis: LifeAxis, title_column: float, height: float
) -> None:
    """The years and dates over each stretch, and how long each cut lasted."""
    common = {"shape": "plaintext", "fixedsize": "true"}
    title_size = text_size(["time (UTC)"], float(style.SMALL_FONT_SIZE))
    graph.node(
        header_id(AXIS_KEY),
        label=dot_label("time (UTC)"),
        pos=page.point(Point(title_column / 2, height / 2)),
        width=inches(title_size[0] + 4),
        height=inches(title_size[1]),
        fontsize=style.SMALL_FONT_SIZE,
        fontcolor=style.MUTED,
        **common,
    )
    plot = page.within(title_column, 0.0)
    year_height = text_size(["2025"], float(style.FONT_SIZE))[1]
    for index, stretch in enumerate(axis.stretches, start=1):
        middle = (stretch.left + stretch.right) / 2
        for suffix, text, size, colour, y in (
            ("year", stretch.years, style.FONT_SIZE, style.INK, year_height / 2),
            ("dates", stretch.dates, style.SMALL_FONT_SIZE, style.MUTED, year_height + 2),
        ):
            text_width, text_height = text_size([text], float(size))
            graph.node(
                f"stretch{index}_{suffix}",
                label=dot_label(text),
                pos=plot.point(Point(middle, y + (text_height / 2 if suffix == "dates" else 0))),
                width=inches(text_width + 4),
                height=inches(text_height),
                fontsize=size,
                fontcolor=colour,
                **common,
            )
    for index, (left, right, idle) in enumerate(axis.cuts, start=1):
        text = idle_text(idle)
        lines = text.rsplit(" ", 1)
        text_width, text_height = text_size(lines, float(style.SMALL_FONT_SIZE))
        graph.node(
            f"cut{index}_label",
            label=dot_label(*lines),
            pos=plot.point(Point((left + right) / 2, height / 2)),
            width=inches(text_width + 4),
            height=inches(text_height),
            fontsize=style.SMALL_FONT_SIZE,
            fontcolor=style.GAP if idle >= 0 else style.MUTED,
            **common,
        )


def _draw_cuts(graph: JourneyGraph, plot: Page, axis: LifeAxis, height: float) -> None:
    """A white strip with dashed edges down the lanes at each cut: time left out."""
    for index, (left, right, _) in enumerate(axis.cuts, start=1):
        graph.node(
            f"cut{index}",
            label="",
            shape="box",
            style="filled,dashed",
            fillcolor="white",
            color=style.MUTED,
            pos=plot.point(Point((left + right) / 2, height / 2)),
            width=inches(CUT_STRIP),
            height=inches(height),
            fixedsize="true",
        )


LEGEND: tuple[LegendEntry, ...] = (
    LegendEntry(
        "a journey, from its start to its end: its life event, dates and nation",
        {"color": JOURNEY_INK, "penwidth": "6", "arrowhead": "none"},
    ),
    LegendEntry(
        "its steps at a tier's bodies, a dot per moment",
        {
            "color": style.TIER_INKS[next(iter(style.TIER_INKS))],
            "penwidth": "3",
            "arrowhead": "none",
        },
    ),
    LegendEntry(
        "a finding in a journey, by kind (\u00d7 how many) and facts",
        {"color": style.MUTED, "arrowhead": "none"},
        head={
            "shape": "box",
            "label": dot_label("kind \u00d7N"),
            "style": "rounded,filled",
            "fillcolor": style.NO_RESPONSE_FILL,
            "color": style.GAP,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
    LegendEntry(
        "a finding between journeys, from when it began to when it ended",
        {"color": style.GAP, "style": "dashed", "penwidth": "2.5", "arrowhead": "none"},
    ),
    LegendEntry(
        "time with no journey, cut out of the axis (its length above it)",
        {"color": style.MUTED, "arrowhead": "none"},
        head={
            "shape": "box",
            "label": dot_label("cut"),
            "style": "filled,dashed",
            "fillcolor": "white",
            "color": style.MUTED,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
)
"""What each mark of a lifeline means."""
