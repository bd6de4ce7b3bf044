"""What a lifeline draws for each journey and each finding.

* a **journey** is a dark band in the citizen's lane from its start to its end
  (drawn to the axis's scale), labelled with its life event, its dates and its
  nation;
* its **steps at bodies** (touchpoints, cases, requests, hand-offs) are, in each
  tier lane, a thin bar from the first to the last with a dot per moment,
  labelled with the bodies and how many of each step;
* a **finding** inside its journey is a box in the lane of its body, filled in
  its kind's colour and labelled with the kind's title (from the same table the
  command line's tables use), how many there were and the facts concerned;
* a **finding that reaches outside its journey** (it starts before the journey
  began or ends after it ended: a life-level gap between journeys) is a dashed
  line in the "Between journeys" lane from its start to its end, labelled with
  its kind, facts and duration; the findings of one kind in one journey share a
  line, with a dot at each moment they name.

Kinds are drawn generically: a kind added to the analysis is drawn with the
default red and its title, with no change here. Hand-off latency is a measure,
not a gap, and is not drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import attrs

from journeys.analysis import Finding, FindingKind
from journeys.bodies import Catalogue
from journeys.journey import Journey
from journeys.render import style
from journeys.render.dates import format_moment
from journeys.render.escaping import dot_label, wrap
from journeys.render.lanes import CITIZEN_LANE, Lane, body_lanes, nations_text
from journeys.render.layout.shapes import MARGIN_X, node_size
from journeys.render.layout.text_metrics import text_size
from journeys.render.life_axis import LifeAxis, life_axis, long_duration
from journeys.render.life_picture import (
    ITEM_GAP,
    JOURNEY_INK,
    LEGEND,
    Item,
    LifePicture,
    Link,
    Mark,
    text_mark,
)
from journeys.render.timeline_steps import event_type, sorted_attributes

ACROSS_LANE = Lane((0, "~"), "across", "Between journeys", None)
"""The lane, under the citizen's, of findings that join two journeys."""

BAR = 8.0
STEP_BAR = 4.0
DOT = 6.0
WRAP = 28
MAX_NAMES = 3
"""A journey's steps in a lane name at most this many bodies (then "and N more")."""
_STEP_NAMES: dict[type[Journey.Event], tuple[str, str]] = {
    Journey.Touchpoint: ("touchpoint", "touchpoints"),
    Journey.CaseOpened: ("case", "cases"),
    Journey.InformationRequested: ("request", "requests"),
    Journey.HandoffSent: ("hand-off", "hand-offs"),
}
_KIND_COLOURS: dict[FindingKind, tuple[str, str]] = {
    FindingKind.REASK: (style.REASK, style.REASK_FILL),
    FindingKind.COLD_TRANSFER: (style.COLD_TRANSFER, "#ece1f5"),
    FindingKind.REJECTED_HANDOFF: (style.REJECTED, "#f6e3d6"),
}
"""Ink and fill of the kinds the timeline colours; every other kind is red."""
_TOLERANCE_SECONDS = 1.0


@attrs.frozen
class LifeJourney:
    """One journey of the life: its id, events, start and where it stops."""

    id: UUID
    started: Journey.Started
    events: tuple[Journey.Event, ...]
    end: datetime
    ended: bool

    @property
    def start(self) -> datetime:
        """When the journey began."""
        return self.started.occurred_at

    @classmethod
    def of(cls, events: Sequence[Journey.Event], as_of: datetime | None) -> LifeJourney:
        """A journey from its events (first ``Started``); an open one stops at ``as_of``."""
        started = events[0]
        assert isinstance(started, Journey.Started)
        ended = isinstance(events[-1], Journey.Ended)
        end = events[-1].occurred_at
        if not ended and as_of is not None and as_of > end:
            end = as_of
        return cls(started.originator_id, started, tuple(events), end, ended)

    def holds(self, finding: Finding) -> bool:
        """Whether ``finding`` lies within this journey's span."""
        return (self.start - finding.start).total_seconds() <= _TOLERANCE_SECONDS and (
            finding.end - self.end
        ).total_seconds() <= _TOLERANCE_SECONDS


def kind_title(kind: FindingKind) -> str:
    """The title of ``kind`` as the command line's tables write it ("re-asks"), or
    its name with spaces for a kind they do not know yet."""
    from journeys.cli.tables import KIND_TITLES

    return KIND_TITLES.get(kind, str(kind.value).replace("_", " "))


def life_picture(
    journeys: Sequence[LifeJourney],
    findings: Sequence[Finding],
    catalogue: Catalogue,
    title: str,
) -> LifePicture:
    """The lifeline of ``journeys`` (earliest first) with ``findings`` marked."""
    bodies = sorted(
        {body for j in journeys for event in j.events for body in event_type(event).bodies(event)}
    )
    lanes = body_lanes(catalogue[body] for body in bodies)
    by_journey = {journey.id: journey for journey in journeys}
    shown = [f for f in findings if f.kind is not FindingKind.HANDOFF_LATENCY]
    inside = [f for f in shown if by_journey[f.journey].holds(f)]
    across = [f for f in shown if not by_journey[f.journey].holds(f)]
    bands = [_band_label(journey) for journey in journeys]
    # Each journey's stretch is made as wide as the widest of its items, found by
    # drawing once on an axis sized for the bands' labels.
    needed = [text_size(lines, float(style.FONT_SIZE))[0] + 8 for lines in bands]
    for _ in range(2):
        axis = life_axis(
            [(j.start, j.end, width) for j, width in zip(journeys, needed, strict=True)]
        )
        per_journey = _journey_items(journeys, bands, inside, lanes, catalogue, axis)
        needed = [
            max(width, *(item.right - item.left + ITEM_GAP for item in own))
            for width, own in zip(needed, per_journey, strict=True)
        ]
    items = [item for own in per_journey for item in own]
    items.extend(_across_items(across, axis))
    used = {item.lane for item in items} | {CITIZEN_LANE}
    return LifePicture(title, tuple(sorted(used)), tuple(items), axis, LEGEND)


def _journey_items(
    journeys: Sequence[LifeJourney],
    bands: Sequence[list[str]],
    inside: Sequence[Finding],
    lanes: dict[str, Lane],
    catalogue: Catalogue,
    axis: LifeAxis,
) -> list[list[Item]]:
    """The items of each journey: its band, its steps, the findings within it."""
    per_journey: list[list[Item]] = []
    for number, (journey, lines) in enumerate(zip(journeys, bands, strict=True), start=1):
        own = [_band(f"j{number}", journey, lines, axis)]
        own.extend(_steps(f"j{number}", journey, lanes, catalogue, axis))
        found = [f for f in inside if f.journey == journey.id]
        own.extend(_inside_findings(number, found, lanes, axis))
        per_journey.append(own)
    return per_journey


def _band_label(journey: LifeJourney) -> list[str]:
    until = format_moment(journey.end) if journey.ended else "open"
    dates = f"{_date(journey.start)} \u2013 {_date(journey.end) if journey.ended else until}"
    return [*wrap(journey.started.trigger, WRAP), dates, nations_text([journey.started.nation])]


def _date(moment: datetime) -> str:
    return " ".join(format_moment(moment).split(" ")[:3])


def _band(prefix: str, journey: LifeJourney, lines: list[str], axis: LifeAxis) -> Item:
    left, right = axis.x(journey.start), axis.x(journey.end)
    width = max(right - left, BAR)
    bar = Mark(
        prefix,
        "",
        sorted_attributes(
            shape="box", style="filled", fillcolor=JOURNEY_INK, color=JOURNEY_INK, tooltip=prefix
        ),
        left + width / 2,
        BAR / 2,
        width,
        BAR,
    )
    label = text_mark(f"{prefix}_label", lines, left, BAR + 3, style.FONT_SIZE, style.INK)
    return _item(CITIZEN_LANE, (bar, label))


def _steps(
    prefix: str, journey: LifeJourney, lanes: dict[str, Lane], catalogue: Catalogue, axis: LifeAxis
) -> list[Item]:
    """One item per tier lane the journey's steps are in."""
    by_lane: dict[Lane, list[tuple[Journey.Event, str]]] = {}
    for event in journey.events:
        named = event_type(event).bodies(event)
        if named:
            by_lane.setdefault(lanes[named[0]], []).append((event, named[0]))
    items = []
    for lane, steps in sorted(by_lane.items()):
        xs = sorted({round(axis.x(event.occurred_at), 1) for event, _ in steps})
        assert lane.tier is not None
        ink = style.TIER_INKS[lane.tier]
        key = f"{prefix}_{lane.key}"
        left, right = xs[0], max(xs[-1], xs[0] + DOT)
        marks = [
            Mark(
                key,
                "",
                sorted_attributes(shape="box", style="filled", fillcolor=ink, color=ink),
                (left + right) / 2,
                DOT / 2,
                right - left,
                STEP_BAR,
            )
        ]
        marks.extend(
            Mark(
                f"{key}_{index}",
                "",
                sorted_attributes(shape="circle", style="filled", fillcolor="white", color=ink),
                x,
                DOT / 2,
                DOT,
                DOT,
            )
            for index, x in enumerate(xs, start=1)
        )
        names: list[str] = []
        body_names = sorted({catalogue[body].name for _, body in steps})
        shown = body_names if len(body_names) <= MAX_NAMES else body_names[: MAX_NAMES - 1]
        for name in shown:
            names.extend(wrap(name, WRAP))
        if len(body_names) > len(shown):
            names.append(f"and {len(body_names) - len(shown)} more bodies")
        counts = Counter(type(event) for event, _ in steps)
        tally = ", ".join(
            f"{counts[cls]} {one if counts[cls] == 1 else many}"
            for cls, (one, many) in _STEP_NAMES.items()
            if counts[cls]
        )
        lines = [*names, *([tally] if tally else [])]
        label_width = text_size(lines, float(style.SMALL_FONT_SIZE))[0]
        label_left = axis.fit(left, label_width, journey.start)
        marks.append(
            text_mark(f"{key}_label", lines, label_left, DOT + 3, style.SMALL_FONT_SIZE, ink)
        )
        items.append(_item(lane, tuple(marks)))
    return items


def _inside_findings(
    journey: int, findings: Sequence[Finding], lanes: dict[str, Lane], axis: LifeAxis
) -> list[Item]:
    """One box per lane and kind of journey number ``journey``'s findings: the
    kind, how many, the facts."""
    groups: dict[tuple[Lane, FindingKind], list[Finding]] = {}
    for finding in findings:
        body = finding.to_body if finding.to_body in lanes else finding.from_body
        lane = lanes.get(body, CITIZEN_LANE) if body is not None else CITIZEN_LANE
        groups.setdefault((lane, finding.kind), []).append(finding)
    items = []
    for (lane, kind), group in sorted(groups.items()):
        ink, fill = _KIND_COLOURS.get(kind, (style.GAP, style.NO_RESPONSE_FILL))
        lines = [f"{kind_title(kind)} \u00d7{len(group)}"]
        facts = sorted({item for finding in group for item in finding.items})
        if facts:
            lines.extend(wrap(", ".join(facts), WRAP))
        elif any(finding.duration_seconds > 0 for finding in group):
            lines.append(long_duration(sum(finding.duration_seconds for finding in group)))
        label = dot_label(*lines)
        width, height = node_size("box", lines, float(style.SMALL_FONT_SIZE))
        first = min(finding.end for finding in group)
        left = axis.fit(axis.x(first), width, first)
        mark = Mark(
            f"f{journey}_{lane.key}_{kind.value}",
            label,
            sorted_attributes(
                shape="box",
                style="rounded,filled",
                fillcolor=fill,
                color=ink,
                penwidth="2",
                fontsize=style.SMALL_FONT_SIZE,
                fontcolor=style.INK,
            ),
            left + width / 2,
            height / 2,
            width,
            height,
        )
        items.append(_item(lane, (mark,)))
    return items


def _across_items(findings: Sequence[Finding], axis: LifeAxis) -> list[Item]:
    """The findings between journeys, one line per journey and kind (a journey that
    asks again for facts given in several earlier journeys is one line with a dot
    at each moment they were given)."""
    groups: dict[tuple[datetime, str, FindingKind], list[Finding]] = {}
    for finding in findings:
        key = (finding.end, str(finding.journey), finding.kind)
        groups.setdefault(key, []).append(finding)
    merged: dict[tuple[str, FindingKind], list[Finding]] = {}
    for (_, journey, kind), group in sorted(groups.items()):
        merged.setdefault((journey, kind), []).extend(group)
    ordered = sorted(merged.values(), key=lambda group: min(f.sort_key() for f in group))
    return [_across(f"x{n}", group, axis) for n, group in enumerate(ordered, start=1)]


def _across(prefix: str, group: Sequence[Finding], axis: LifeAxis) -> Item:
    """Findings of one kind and journey reaching outside it: a dashed line from the
    first start to the last end, a dot at each moment they name."""
    kind = group[0].kind
    ink, _ = _KIND_COLOURS.get(kind, (style.GAP, style.NO_RESPONSE_FILL))
    first = min(finding.start for finding in group)
    last = max(finding.end for finding in group)
    left, right = axis.x(first), axis.x(last)
    moments = sorted(
        {round(axis.x(moment), 1) for f in group for moment in (f.start, f.end)}
        - {round(left, 1), round(right, 1)}
    )
    sides = [("start", left), *((f"at{n}", x) for n, x in enumerate(moments, 1)), ("end", right)]
    dots = tuple(
        Mark(
            f"{prefix}_{side}",
            "",
            sorted_attributes(shape="circle", style="filled", fillcolor=ink, color=ink),
            x,
            DOT / 2,
            DOT,
            DOT,
        )
        for side, x in sides
    )
    lines = [f"{kind_title(kind)} \u00d7{len(group)}"]
    items = sorted({item for f in group for item in f.items})
    if items:
        facts = wrap(", ".join(items), WRAP + 8)
        lines.extend(facts[:2] if len(facts) <= 2 else [facts[0], facts[1] + " \u2026"])
    took = long_duration(max(finding.duration_seconds for finding in group))
    lines.append(f"{_date(first)} \u2192 {_date(last)} ({took})")
    # The label ends under the line's end, inside the stretch of the end: a line
    # between journeys crosses cuts, its text does not.
    width = text_size(lines, float(style.SMALL_FONT_SIZE))[0]
    label_left = axis.fit(right - width, width + 2 * MARGIN_X, last)
    label = text_mark(f"{prefix}_label", lines, label_left, DOT + 3, style.SMALL_FONT_SIZE, ink)
    link = Link(
        dots[0].id,
        dots[-1].id,
        sorted_attributes(color=ink, style="dashed", penwidth="2.5", arrowhead="none", dir="none"),
    )
    return _item(ACROSS_LANE, (*dots, label), (link,))


def _item(lane: Lane, marks: tuple[Mark, ...], links: tuple[Link, ...] = ()) -> Item:
    left = min(mark.x - mark.width / 2 for mark in marks)
    right = max(mark.x + mark.width / 2 for mark in marks)
    bottom = max(mark.dy + mark.height / 2 for mark in marks)
    return Item(lane, left, right, bottom, marks, links)
