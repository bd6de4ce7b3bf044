"""``render_variants``: the top variants as strips of steps, one row per variant.

Each row starts with the variant's rank, share, count and median duration, then
its steps left to right as boxes (the body above the service or activity). A
long path shows its first steps and then how many more it has; every box's
tooltip holds its whole text. Rows are in rank order, top to bottom.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from journeys.analysis.variants import Variants, step_text
from journeys.render import style
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

MAX_STEPS = 10
"""Steps drawn per row; a longer path ends with a box saying how many more it has."""

_WRAP = 18


def render_variants(found: Variants, *, title: str | None = None) -> JourneyGraph:
    """Draw the variants of ``found`` (its top ones, in rank order) as rows of steps."""
    from journeys.render.graph import new_graph

    heading = title or _title(found)
    graph = new_graph(
        "variants",
        rankdir="LR",
        nodesep="0.15",
        ranksep="0.25",
        label=dot_label(heading),
        labelloc="t",
        labeljust="l",
        fontsize=style.TITLE_FONT_SIZE,
    )
    heads = []
    for variant in found.variants:
        head = f"v{variant.rank}"
        heads.append(head)
        median = (
            "median " + human_duration(variant.durations.median)
            if variant.durations is not None
            else "none ended"
        )
        graph.node(
            head,
            label=dot_label(
                f"#{variant.rank}  {variant.share:.0%}",
                f"{variant.count} journeys · {median}",
            ),
            shape="plaintext",
            fontsize=style.FONT_SIZE,
            tooltip=dot_label(variant.path_text),
        )
        previous = head
        shown = variant.steps[:MAX_STEPS]
        for index, step in enumerate(shown):
            node = f"v{variant.rank}s{index}"
            body, label = step
            lines = [*wrap(body or "", _WRAP), *wrap(label or "", _WRAP)] if body else []
            if not body:
                lines = wrap(label or "?", _WRAP)
            graph.node(
                node,
                label=dot_label(*lines),
                shape="box",
                style="rounded,filled",
                fillcolor=style.CITIZEN_FILL,
                tooltip=dot_label(step_text(step)),
            )
            graph.edge(previous, node)
            previous = node
        if len(variant.steps) > MAX_STEPS:
            more = f"v{variant.rank}more"
            graph.node(
                more,
                label=dot_label(f"… {len(variant.steps) - MAX_STEPS} more steps"),
                shape="plaintext",
                fontcolor=style.MUTED,
            )
            graph.edge(previous, more, style="dashed")
        if not variant.steps:
            graph.node(
                f"v{variant.rank}none",
                label=dot_label("(no steps)"),
                shape="plaintext",
                fontcolor=style.MUTED,
            )
            graph.edge(head, f"v{variant.rank}none", style="invis")
    # The heads share the first column, in rank order top to bottom.
    with graph.subgraph() as column:
        column.attr(rank="same")
        for head in heads:
            column.node(head)
    for upper, lower in pairwise(heads):
        graph.edge(upper, lower, style="invis")
    return graph


def _title(found: Variants) -> str:
    shown = len(found.variants)
    scope = f" ({found.filtered_by})" if found.filtered_by else ""
    title = (
        f"Top {shown} of {found.distinct} variants ({found.granularity.value}) of "
        f"{found.journeys} journeys{scope}"
    )
    if found.left_out:
        title += f" · {found.left_out} journeys in other variants not shown"
    return title
