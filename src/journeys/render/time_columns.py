"""Time columns for a timeline: as few as keep time running left to right.

Each step (an event, or a moment the analysis added) goes in the leftmost column
that keeps these rules:

* time never runs backwards: a step is never left of an earlier one, so each
  column covers a span of time that follows the previous column's;
* within one lane, a later moment is further right (so a lane reads in order);
* every line runs rightwards: a line's later end is right of its earlier one.

Steps in different lanes that nothing ties together share a column, so a
journey of seventy events needs far fewer than seventy columns, and a long wait
costs no width: it is written on the axis between the two columns instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs


@attrs.frozen
class TimedStep:
    """A step to place: its id, its lane's key and its moment."""

    id: str
    lane: str
    at: datetime


@attrs.frozen
class TimeColumns:
    """Each step's column, and each column's first and last moment."""

    column_of: dict[str, int]
    spans: tuple[tuple[datetime, datetime], ...]


def assign_time_columns(
    steps: Sequence[TimedStep], lines: Sequence[tuple[str, str]]
) -> TimeColumns:
    """The columns of ``steps`` (in the order they happened, ties in the given
    order) joined by ``lines`` (pairs of step ids, either way round)."""
    position = {step.id: index for index, step in enumerate(steps)}
    ordered = sorted(steps, key=lambda step: (step.at, position[step.id]))
    rank = {step.id: index for index, step in enumerate(ordered)}
    earlier_ends: dict[str, list[str]] = {step.id: [] for step in steps}
    for tail, head in lines:
        if tail == head:
            continue
        earlier, later = (tail, head) if rank[tail] < rank[head] else (head, tail)
        earlier_ends[later].append(earlier)
    column_of: dict[str, int] = {}
    floor = 0  # the column of the latest earlier moment
    last_in_lane: dict[str, tuple[datetime, int]] = {}
    previous_at: datetime | None = None
    latest = 0
    for step in ordered:
        if previous_at is not None and step.at > previous_at:
            floor = latest
        column = floor
        lane_last = last_in_lane.get(step.lane)
        if lane_last is not None:
            at, lane_column = lane_last
            column = max(column, lane_column + 1 if at < step.at else lane_column)
        for other in earlier_ends[step.id]:
            column = max(column, column_of[other] + 1)
        column_of[step.id] = column
        last_in_lane[step.lane] = (step.at, max(column, lane_last[1] if lane_last else column))
        latest = max(latest, column)
        previous_at = step.at
    spans: list[tuple[datetime, datetime]] = []
    for step in ordered:
        column = column_of[step.id]
        if column == len(spans):  # columns are used in order, with no gaps
            spans.append((step.at, step.at))
        start, end = spans[column]
        spans[column] = (min(start, step.at), max(end, step.at))
    return TimeColumns(column_of, tuple(spans))
