"""A timeline's time axis: a row of dates over the columns, long waits between them.

Columns are not to scale (see :mod:`journeys.render.time_columns`), so each
column is labelled with the moments it holds (one, or the first to the last) and
the time from the journey's start to its first,
and the channel between two columns says how long nothing happened when that
is a day or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, label_lines
from journeys.render.lane_bands import header_id
from journeys.render.layout.model import Point
from journeys.render.layout.text_metrics import text_size
from journeys.render.positions import Page, inches

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

AXIS_KEY = "axis"
"""The axis title's node is ``header_id(AXIS_KEY)``."""

_FONT_SIZE = float(style.SMALL_FONT_SIZE)
_LABEL_PADDING = 8.0


@attrs.frozen
class TimeAxis:
    """A row of labels over the columns: ``columns`` (DOT labels, one per column),
    ``gaps`` (a DOT label or ``None`` for each channel between two columns) and
    ``title`` (plain text, shown left of the row, over the lanes' titles)."""

    columns: tuple[str, ...]
    gaps: tuple[str | None, ...]
    title: str

    @property
    def height(self) -> float:
        """How tall the row is, in points."""
        labels = [*self.columns, *(gap for gap in self.gaps if gap)]
        return max((text_size(label_lines(label), _FONT_SIZE)[1] for label in labels), default=0)

    @property
    def title_width(self) -> float:
        """How wide the title is, in points."""
        return text_size([self.title], _FONT_SIZE)[0]

    def column_widths(self) -> list[float]:
        """How wide each column must be for its label."""
        return [_width(label) + _LABEL_PADDING for label in self.columns]

    def gap_widths(self) -> list[float]:
        """How wide each channel must be for its label."""
        return [_width(label) + _LABEL_PADDING if label else 0.0 for label in self.gaps]

    def draw(
        self,
        graph: JourneyGraph,
        page: Page,
        *,
        title_column: float,
        column_spans: Sequence[tuple[float, float]],
        gap_spans: Sequence[tuple[float, float]],
    ) -> None:
        """Write the row into ``graph``; ``page`` measures from the row's top left,
        and the spans of the columns and channels from the end of the title column."""
        middle = self.height / 2
        common = {
            "shape": "plaintext",
            "fontsize": style.SMALL_FONT_SIZE,
            "fontcolor": style.MUTED,
            "fixedsize": "true",
        }
        graph.node(
            header_id(AXIS_KEY),
            label=dot_label(self.title),
            pos=page.point(Point(title_column / 2, middle)),
            width=inches(self.title_width + 4),
            height=inches(text_size([self.title], _FONT_SIZE)[1]),
            **common,
        )
        plot = page.within(title_column, 0.0)
        rows = [("t", column_spans, self.columns), ("gap", gap_spans, self.gaps)]
        for prefix, spans, labels in rows:
            for index, (label, (left, right)) in enumerate(zip(labels, spans, strict=False)):
                if not label:
                    continue
                width, height = text_size(label_lines(label), _FONT_SIZE)
                graph.node(
                    f"{prefix}{index}",
                    label=label,
                    pos=plot.point(Point((left + right) / 2, middle)),
                    width=inches(width + 4),
                    height=inches(height),
                    **common,
                )


def _width(label: str) -> float:
    return text_size(label_lines(label), _FONT_SIZE)[0]
