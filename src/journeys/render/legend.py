"""Legends drawn with the marks themselves: each entry is a short line in the very
style it explains, ending in its description (or in the node it explains).

A legend is a framed block of entries in a grid: one column when it stands
beside the lanes, as many as fit when it runs under them. :func:`legend_block`
measures it; :meth:`LegendBlock.draw` writes it at a place on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, dot_left_label, label_lines, wrap
from journeys.render.layout.model import Point
from journeys.render.layout.shapes import MARGIN_X, node_size
from journeys.render.layout.text_metrics import text_size
from journeys.render.positions import Page, inches

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

LEGEND_HEADER = "legend"
"""The id of the legend's title node."""

SAMPLE_LENGTH = 36.0
"""How long each sample line is, in points."""

_PADDING = 8.0
_COLUMN_GAP = 18.0
_ROW_GAP = 6.0
_POINT_SIZE = 4.0
_ARROW_LENGTH = 7.0


@attrs.frozen
class LegendEntry:
    """One mark and what it means.

    ``edge`` styles the sample line. ``head``, when given, styles the node the line
    ends in (its label is joined to ``text``); otherwise the line ends in ``text``.
    An ``edge`` styled ``invis`` shows the node alone (a fill and what it means).
    """

    text: str
    edge: dict[str, str]
    head: dict[str, str] | None = None


@attrs.frozen
class _Sized:
    """An entry with its end node's label, shape attributes and size."""

    entry: LegendEntry
    label: str
    attributes: dict[str, str]
    width: float
    height: float

    @property
    def full_width(self) -> float:
        return _POINT_SIZE + SAMPLE_LENGTH + self.width


@attrs.frozen
class LegendBlock:
    """A legend measured for a number of columns: its size, in points."""

    title: str
    entries: tuple[_Sized, ...]
    columns: int
    width: float
    height: float

    def draw(self, graph: JourneyGraph, page: Page, origin: Point) -> None:
        """Write the legend into ``graph`` with its top left corner at ``origin``."""
        title_width, title_height = text_size([self.title], 12)
        column_width = max(sized.full_width for sized in self.entries)
        with graph.subgraph(name="cluster_legend") as cluster:
            cluster.attr(
                style="rounded",
                color=style.MUTED,
                label="",
                bb=page.box(origin.x, origin.y, origin.x + self.width, origin.y + self.height),
            )
            header = Point(
                origin.x + _PADDING + title_width / 2, origin.y + _PADDING + title_height / 2
            )
            cluster.node(
                LEGEND_HEADER,
                label=dot_label(self.title),
                shape="plaintext",
                fontsize="12",
                pos=page.point(header),
                width=inches(title_width),
                height=inches(title_height),
                fixedsize="true",
            )
            top = origin.y + _PADDING + title_height + _ROW_GAP
            for row in _rows(self.entries, self.columns):
                row_height = max(sized.height for sized in row)
                for column, sized in enumerate(row):
                    left = origin.x + _PADDING + column * (column_width + _COLUMN_GAP)
                    self._draw_entry(cluster, page, sized, Point(left, top + row_height / 2))
                top += row_height + _ROW_GAP

    def _draw_entry(self, cluster: JourneyGraph, page: Page, sized: _Sized, middle: Point) -> None:
        index = self.entries.index(sized) + 1
        start, end = f"legend_{index}", f"legend_{index}_text"
        start_point = Point(middle.x + _POINT_SIZE / 2, middle.y)
        end_centre = Point(middle.x + _POINT_SIZE + SAMPLE_LENGTH + sized.width / 2, middle.y)
        # A sample with no line (a filled node alone) has no point to start from.
        no_line = sized.entry.edge.get("style") == "invis"
        cluster.node(
            start,
            shape="point",
            width=inches(_POINT_SIZE),
            color=style.MUTED,
            pos=page.point(start_point),
            **({"style": "invis"} if no_line else {}),
        )
        cluster.node(
            end,
            label=sized.label,
            pos=page.point(end_centre),
            width=inches(sized.width),
            height=inches(sized.height),
            fixedsize="true",
            **sized.attributes,
        )
        tip = Point(end_centre.x - sized.width / 2, middle.y)
        arrow = 0.0 if sized.entry.edge.get("arrowhead") == "none" else _ARROW_LENGTH
        line_end = Point(tip.x - arrow, middle.y)
        third = (line_end.x - start_point.x) / 3
        spline = " ".join(
            page.point(Point(start_point.x + step * third, middle.y)) for step in range(4)
        )
        cluster.edge(
            start,
            end,
            pos=f"e,{page.point(tip)} {spline}" if arrow else spline,
            **sized.entry.edge,
        )


def legend_block(
    entries: Sequence[LegendEntry],
    *,
    columns: int = 1,
    title: str = "Legend",
    wrap_width: int = 30,
) -> LegendBlock:
    """``entries`` measured in a grid of ``columns`` columns (fewer if there are
    fewer entries)."""
    sized = tuple(_size(entry, wrap_width) for entry in entries)
    columns = max(1, min(columns, len(sized)))
    # As many rows as needed, then as few columns as fill them.
    rows = math.ceil(len(sized) / columns)
    columns = max(1, math.ceil(len(sized) / rows)) if rows else 1
    column_width = max((item.full_width for item in sized), default=0.0)
    title_width, title_height = text_size([title], 12)
    height = _PADDING + title_height + _ROW_GAP
    height += sum(max(item.height for item in row) + _ROW_GAP for row in _rows(sized, columns))
    width = max(columns * column_width + (columns - 1) * _COLUMN_GAP, title_width)
    return LegendBlock(title, sized, columns, width + 2 * _PADDING, height - _ROW_GAP + _PADDING)


def columns_to_fit(entries: Sequence[LegendEntry], width: float, *, wrap_width: int = 30) -> int:
    """How many columns of ``entries`` fit in ``width`` points."""
    widest = max((_size(entry, wrap_width).full_width for entry in entries), default=1.0)
    return max(1, int((width - 2 * _PADDING + _COLUMN_GAP) // (widest + _COLUMN_GAP)))


def _rows(sized: Sequence[_Sized], columns: int) -> list[Sequence[_Sized]]:
    return [sized[start : start + columns] for start in range(0, len(sized), columns)]


def _size(entry: LegendEntry, wrap_width: int) -> _Sized:
    lines = wrap(entry.text, wrap_width)
    if entry.head is None:
        # Plain text, left-justified: Graphviz starts it one margin inside the
        # node, which leaves a gap after the arrowhead.
        attributes = {"shape": "plaintext", "fontsize": style.SMALL_FONT_SIZE}
        width, height = text_size(lines, float(style.SMALL_FONT_SIZE))
        return _Sized(entry, dot_left_label(*lines), attributes, width + 2 * MARGIN_X, height)
    attributes = dict(entry.head)
    head_label = attributes.pop("label", "")
    text = dot_label(*lines)
    label = f"{head_label}\\n{text}" if head_label else text
    font_size = float(attributes.get("fontsize", style.FONT_SIZE))
    width, height = node_size(attributes.get("shape", "ellipse"), label_lines(label), font_size)
    return _Sized(entry, label, attributes, width, height)
