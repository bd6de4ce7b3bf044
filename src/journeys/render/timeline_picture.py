"""A timeline's steps and lines as swimlanes: time columns, the axis over them, the legend."""

from __future__ import annotations

import itertools

from journeys.render import style
from journeys.render.dates import format_span
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label
from journeys.render.lanes import CITIZEN_LANE
from journeys.render.legend import LegendEntry
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes
from journeys.render.time_axis import TimeAxis
from journeys.render.time_columns import TimedStep, assign_time_columns
from journeys.render.timeline_steps import TimelineSteps, seconds

LONG_WAIT_SECONDS = 86_400
"""Waits between two columns at least this long are written on the axis."""

LEGEND: tuple[LegendEntry, ...] = (
    LegendEntry(
        "held by a body (a case, or a run of touchpoints)",
        {"color": style.MUTED, "penwidth": "2", "arrowhead": "none"},
    ),
    LegendEntry("hand-off answered, with its latency", {"color": style.HANDOFF, "penwidth": "1.5"}),
    LegendEntry(
        "UNHELD: no body holds the citizen",
        {"color": style.GAP, "style": "dashed", "penwidth": "2.5"},
    ),
    LegendEntry(
        "hand-off never answered",
        {"color": style.GAP, "penwidth": "2.5"},
        head={
            "shape": "octagon",
            "label": dot_label("no response"),
            "style": "filled",
            "fillcolor": style.NO_RESPONSE_FILL,
            "color": style.GAP,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
    LegendEntry("hand-off refused", {"color": style.REJECTED, "penwidth": "1.5"}),
    LegendEntry(
        "COLD TRANSFER: the citizen carried themselves",
        {"color": style.COLD_TRANSFER, "style": "dotted", "penwidth": "2.5"},
    ),
    LegendEntry(
        "facts the citizen had already given to another body",
        {"color": style.MUTED, "penwidth": "1", "arrowhead": "none"},
        head={
            "shape": "box",
            "label": dot_label("ASKS AGAIN (re-ask):"),
            "style": "rounded,filled",
            "fillcolor": style.REASK_FILL,
            "color": style.REASK,
            "fontsize": style.SMALL_FONT_SIZE,
        },
    ),
)
"""What each mark of a timeline means."""


def timeline_picture(steps: TimelineSteps, title: str) -> Swimlanes:
    """The timeline as swimlanes: steps in time columns, lines between them.

    ``title`` is a DOT label. The citizen's lane is always drawn; the others are
    those the steps are in, in lane order.
    """
    columns = assign_time_columns(
        [TimedStep(step.id, step.lane.key, step.at) for step in steps.steps],
        [(line.tail, line.head) for line in steps.lines],
    )
    start = columns.spans[0][0]
    # A column may hold steps of several moments (steps nothing ties together share
    # one): its label names them all, so the header agrees with every step under it.
    axis_labels = tuple(
        dot_label(
            format_span(first, last),
            "start" if first == start else f"+{human_duration(seconds(start, first))}",
        )
        for first, last in columns.spans
    )
    gaps = tuple(
        dot_label(f"{human_duration(seconds(before[1], after[0]))} later")
        if seconds(before[1], after[0]) >= LONG_WAIT_SECONDS
        else None
        for before, after in itertools.pairwise(columns.spans)
    )
    nodes = tuple(
        LaneNode(
            step.id,
            step.lane,
            dot_label(*step.lines),
            step.attributes,
            columns.column_of[step.id],
        )
        for step in steps.steps
    )
    return Swimlanes(
        title=title,
        lanes=tuple(sorted({step.lane for step in steps.steps} | {CITIZEN_LANE})),
        nodes=nodes,
        edges=tuple(LaneEdge(line.tail, line.head, line.attributes) for line in steps.lines),
        legend=LEGEND,
        axis=TimeAxis(axis_labels, gaps, "time (UTC)"),
    )
