"""Interval logs for the tests: activities with a start and a completion, overlapping.

:func:`interval_cases` draws cases from a seeded generator; the writers put them
in the three forms an interval log takes: XES with ``start_timestamp``, XES with
lifecycle ``start``/``complete`` events, and an activity CSV with a start column.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

ACTIVITIES = ("register", "assess", "visit", "decide", "pay", "notify")
GROUPS = ("council", "dwp", "hmrc")
ORIGIN = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@attrs.frozen
class Activity:
    """One activity of a case: what, who, and from when to when."""

    name: str
    group: str
    start: datetime
    complete: datetime


Case = tuple[str, list[Activity]]
"""A case id and its activities, in completion order."""


def interval_cases(seed: int, count: int = 40) -> list[Case]:
    """``count`` cases of 1 to 7 activities whose intervals overlap, nest, touch and
    leave gaps (whole seconds; some zero-length; ties in start and completion)."""
    draw = random.Random(seed)
    cases = []
    for number in range(count):
        activities = []
        clock = ORIGIN + timedelta(days=number)
        for _ in range(draw.randint(1, 7)):
            clock += timedelta(minutes=draw.choice((0, 5, 30, 90, 600)))
            start = clock - timedelta(minutes=draw.choice((0, 0, 20, 60)))
            length = timedelta(minutes=draw.choice((0, 10, 45, 240, 2000)))
            activities.append(
                Activity(draw.choice(ACTIVITIES), draw.choice(GROUPS), start, start + length)
            )
        activities.sort(key=lambda activity: activity.complete)
        cases.append((f"case-{number}", activities))
    return cases


def _xes_head() -> list[str]:
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">',
        '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
        '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
        '  <extension name="Lifecycle" prefix="lifecycle" '
        'uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    ]


def _event(name: str, group: str, at: datetime, extra: str = "") -> str:
    return (
        f'    <event><string key="concept:name" value="{name}"/>'
        f'<string key="org:group" value="{group}"/>'
        f'<date key="time:timestamp" value="{at.isoformat()}"/>{extra}</event>'
    )


def write_start_timestamp_xes(cases: list[Case], path: Path) -> Path:
    """One event per activity with ``time:timestamp`` and ``start_timestamp``."""
    lines = _xes_head()
    for case_id, activities in cases:
        lines.append(f'  <trace><string key="concept:name" value="{case_id}"/>')
        for a in activities:
            start = f'<date key="start_timestamp" value="{a.start.isoformat()}"/>'
            lines.append(_event(a.name, a.group, a.complete, start))
        lines.append("  </trace>")
    lines.append("</log>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_lifecycle_xes(cases: list[Case], path: Path) -> Path:
    """A ``start`` and a ``complete`` event per activity, all in time order (every
    third completion without its transition: ``complete`` is the default)."""
    lines = _xes_head()
    for case_id, activities in cases:
        lines.append(f'  <trace><string key="concept:name" value="{case_id}"/>')
        events = []
        for a in activities:
            events.append((a.start, 0, a.name, a.group, "start"))
            events.append((a.complete, 1, a.name, a.group, "complete"))
        # Starts before completions at the same time; otherwise time order, stable.
        completions = 0
        for at, _, name, group, transition in sorted(events, key=lambda e: (e[0], e[1])):
            lifecycle = f'<string key="lifecycle:transition" value="{transition}"/>'
            if transition == "complete":
                completions += 1
                if completions % 3 == 0:
                    lifecycle = ""
            lines.append(_event(name, group, at, lifecycle))
        lines.append("  </trace>")
    lines.append("</log>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_interval_csv(cases: list[Case], path: Path) -> Path:
    """An activity CSV with ``start`` and ``end`` columns, rows in completion order."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["case", "activity", "group", "start", "end"])
        for case_id, activities in cases:
            for a in activities:
                row = [case_id, a.name, a.group, a.start.isoformat(), a.complete.isoformat()]
                writer.writerow(row)
    return path
