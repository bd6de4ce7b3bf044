"""Legends drawn with the marks themselves: each entry is a short line in the very
style it explains, ending in its description (or in the node it explains)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from journeys.render import style
from journeys.render.escaping import dot_label, wrap

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

LEGEND_HEADER = "legend"
"""The id of the legend's title node."""


@attrs.frozen
class LegendEntry:
    """One mark and what it means.

    ``edge`` styles the sample line. ``head``, when given, styles the node the line
    ends in (its label is joined to ``text``); otherwise the line ends in ``text``.
    """

    text: str
    edge: dict[str, str]
    head: dict[str, str] | None = None


def add_legend(
    graph: JourneyGraph,
    entries: Sequence[LegendEntry],
    *,
    title: str = "Legend",
    wrap_width: int = 30,
) -> None:
    """Add a legend cluster to ``graph``: a title node (:data:`LEGEND_HEADER`, for
    the caller to place) with the entries stacked under it, in the title's column
    and the next."""
    starts = [f"legend_{index}" for index in range(1, len(entries) + 1)]
    with graph.subgraph(name="cluster_legend") as cluster:
        cluster.attr(style="rounded", color=style.MUTED, label="")
        cluster.node(
            LEGEND_HEADER,
            label=dot_label(title),
            shape="plaintext",
            fontsize="12",
            width="1.6",
        )
        for start, (index, entry) in zip(starts, enumerate(entries, start=1), strict=True):
            end = f"legend_{index}_text"
            # A shared group keeps each sample line level with its description.
            cluster.node(start, shape="point", width="0.06", color=style.MUTED, group=end)
            if entry.head is None:
                cluster.node(
                    end,
                    label=dot_label(*wrap(entry.text, wrap_width)),
                    shape="plaintext",
                    fontsize=style.SMALL_FONT_SIZE,
                    group=end,
                )
            else:
                head = dict(entry.head)
                label = head.pop("label", "")
                text = dot_label(*wrap(entry.text, wrap_width))
                cluster.node(end, label=f"{label}\\n{text}" if label else text, group=end, **head)
            cluster.edge(start, end, **entry.edge)
    order = [LEGEND_HEADER, *starts]
    with graph.subgraph() as column:
        column.attr(rank="same")
        for node in order:
            column.node(node)
    # Flat edges inside a cluster stack its nodes with each edge's head above its
    # tail (rankdir=LR), so they point up: title first, then the entries in order.
    for upper, lower in itertools.pairwise(order):
        graph.edge(lower, upper, style="invis")
