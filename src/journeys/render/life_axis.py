"""A lifeline's time axis: decades on one page, cut where nothing happened.

A life spans decades and its journeys last days or months, so a linear axis
would draw every journey as a sliver. The axis is *broken* instead:

* the moments of the life (each journey from its start to its end) are grouped
  into **stretches**: journeys less than :data:`CUT_AFTER_SECONDS` (30 days)
  apart share one;
* each stretch is drawn to its own linear scale, as wide as the square root of
  its length in days times :data:`POINTS_PER_SQRT_DAY`, and at least as wide as
  its labels: a year-long stretch is wider than a week's, but not 50 times wider;
* between two stretches the idle time is **cut out**: a narrow strip of fixed
  width, :data:`CUT_WIDTH`, labelled with how long nothing happened
  ("16 yr later").

Time order is kept everywhere: a later moment is never further left. Each
stretch is labelled with its year(s) and its first and last dates.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from datetime import UTC, datetime

import attrs

from journeys.render.dates import format_moment
from journeys.render.durations import human_duration

CUT_AFTER_SECONDS = 30 * 86_400
"""Idle time at least this long between journeys is cut out of the axis."""

CUT_WIDTH = 70.0
"""How wide each cut is drawn, in points, whatever the time it stands for."""

POINTS_PER_SQRT_DAY = 24.0
"""A stretch of ``d`` days is at least ``24 * sqrt(d)`` points wide."""

MIN_STRETCH_WIDTH = 60.0
"""The narrowest stretch, in points (a journey of a single day)."""

_YEAR_SECONDS = 365.25 * 86_400


@attrs.frozen
class Stretch:
    """A run of time drawn to a linear scale: ``start`` to ``end``, at ``left``
    to ``right`` points along the axis."""

    start: datetime
    end: datetime
    left: float
    right: float

    def x(self, moment: datetime) -> float:
        """Where ``moment`` (within the stretch) is drawn."""
        length = (self.end - self.start).total_seconds()
        if length <= 0:
            return (self.left + self.right) / 2
        share = (moment - self.start).total_seconds() / length
        return self.left + share * (self.right - self.left)

    @property
    def years(self) -> str:
        """``"2031"`` or ``"2031–2032"``."""
        first, last = _utc(self.start).year, _utc(self.end).year
        return f"{first}" if first == last else f"{first}\u2013{last}"

    @property
    def dates(self) -> str:
        """The first and last dates: ``"3 Mar – 23 Mar"`` (the years are above)."""
        first, last = _day(self.start), _day(self.end)
        return first if first == last else f"{first} \u2013 {last}"


@attrs.frozen
class LifeAxis:
    """The stretches of a life, left to right, and the cuts between them."""

    stretches: tuple[Stretch, ...]

    @property
    def width(self) -> float:
        """How wide the axis is, in points."""
        return self.stretches[-1].right if self.stretches else 0.0

    @property
    def cuts(self) -> tuple[tuple[float, float, float], ...]:
        """Each cut as (left, right, idle seconds)."""
        return tuple(
            (before.right, after.left, (after.start - before.end).total_seconds())
            for before, after in zip(self.stretches, self.stretches[1:], strict=False)
        )

    def stretch_of(self, moment: datetime) -> Stretch:
        """The stretch ``moment`` is in, or the last one before it (the first
        before the axis starts)."""
        index = bisect.bisect_right([s.start for s in self.stretches], moment) - 1
        return self.stretches[max(index, 0)]

    def fit(self, left: float, width: float, moment: datetime) -> float:
        """``left`` moved, if need be, so that ``width`` points from it stay within
        the stretch of ``moment`` (a label near a stretch's end is drawn leftwards)."""
        stretch = self.stretch_of(moment)
        return max(stretch.left, min(left, stretch.right - width))

    def x(self, moment: datetime) -> float:
        """Where ``moment`` is drawn: in its stretch, or within the cut it falls in
        (in proportion to the idle time), or at the axis's ends outside it."""
        stretches = self.stretches
        starts = [stretch.start for stretch in stretches]
        index = bisect.bisect_right(starts, moment) - 1
        if index < 0:
            return stretches[0].left
        stretch = stretches[index]
        if moment <= stretch.end:
            return stretch.x(moment)
        if index + 1 >= len(stretches):
            return stretch.right
        after = stretches[index + 1]
        idle = (after.start - stretch.end).total_seconds()
        share = (moment - stretch.end).total_seconds() / idle if idle > 0 else 0.5
        return stretch.right + share * (after.left - stretch.right)


def life_axis(
    spans: Sequence[tuple[datetime, datetime, float]], *, label_width: float = 0.0
) -> LifeAxis:
    """The axis for ``spans`` (start, end, the width in points its label needs).

    A stretch is as wide as the larger of its scaled length and the widest label
    of the spans in it (and ``label_width``, the axis's own label room).
    """
    ordered = sorted(spans, key=lambda span: (span[0], span[1]))
    groups: list[list[tuple[datetime, datetime, float]]] = []
    group_end: datetime | None = None
    for span in ordered:
        if group_end is None or (span[0] - group_end).total_seconds() >= CUT_AFTER_SECONDS:
            groups.append([])
            group_end = span[1]
        groups[-1].append(span)
        group_end = max(group_end, span[1])
    stretches: list[Stretch] = []
    left = 0.0
    for group in groups:
        start = min(span[0] for span in group)
        end = max(span[1] for span in group)
        days = max((end - start).total_seconds(), 0.0) / 86_400
        width = max(
            MIN_STRETCH_WIDTH,
            POINTS_PER_SQRT_DAY * math.sqrt(days),
            label_width,
            *(span[2] for span in group),
        )
        stretches.append(Stretch(start, end, left, left + width))
        left += width + CUT_WIDTH
    return LifeAxis(tuple(stretches))


def idle_text(seconds: float) -> str:
    """How long a cut lasted: ``"16 yr later"``, ``"1.4 yr later"``, ``"7 wk later"``."""
    return f"{long_duration(seconds)} later"


def long_duration(seconds: float) -> str:
    """A duration over a life: whole years from two years on (``"16 yr"``), years
    to a tenth from one year (``"1.9 yr"``), else as
    :func:`~journeys.render.human_duration` writes it (``"7 wk"``)."""
    years = seconds / _YEAR_SECONDS
    if years >= 2:
        return f"{round(years)} yr"
    if years >= 1:
        return f"{years:.1f}".removesuffix(".0") + " yr"
    return human_duration(seconds)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _day(moment: datetime) -> str:
    """``"3 Mar"``: the day and month of ``moment`` in UTC."""
    return " ".join(format_moment(_utc(moment)).split(" ")[:2])
