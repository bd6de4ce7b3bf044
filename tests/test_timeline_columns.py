"""A timeline's column headers agree with the steps drawn under them.

Columns are not to scale and steps that nothing ties together share a column,
so a column may hold steps of several days; its header must then name them all.
This reads the drawn DOT back: for each event's node, the header over its column
(the ``t<n>`` node at the same x) must name a span of days holding the event's day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Journey, render_timeline
from journeys.render import to_dot
from journeys.render.dates import format_span
from journeys.testing import GAP_KINDS, journey_events
from tests.helpers import CATALOGUE, read_dot

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = re.compile(r"(\d{1,2}) (" + "|".join(_MONTHS) + r")(?: (\d{4}))?")


def header_days(label: str) -> tuple[date, date]:
    """The first and last day a column header names (its first line)."""
    found = _DAY.findall(label)
    assert found, label
    year = next(int(y) for _, _, y in reversed(found) if y)
    days = [
        date(int(y) if y else year, _MONTHS.index(month) + 1, int(day)) for day, month, y in found
    ]
    return days[0], days[-1]


def _x(node_attrs: dict[str, str]) -> float:
    return float(node_attrs["pos"].split(",")[0])


@settings(max_examples=40, deadline=None)
@given(
    events=st.sets(st.sampled_from(sorted(GAP_KINDS))).flatmap(
        lambda gaps: journey_events(catalogue=CATALOGUE, gaps=gaps, max_steps=10)
    )
)
def test_every_event_sits_under_a_header_that_names_its_day(events: list[Journey.Event]) -> None:
    dot = read_dot(to_dot(render_timeline(events, catalogue=CATALOGUE)))
    headers = {
        round(_x(node.attrs), 1): node
        for name, node in dot.nodes.items()
        if re.fullmatch(r"t\d+", name)
    }
    for index, event in enumerate(events, start=1):
        node = dot.nodes[f"e{index}"]
        header = headers[round(_x(node.attrs), 1)]
        first, last = header_days(header.lines[0])
        assert first <= event.occurred_at.date() <= last, (header.lines, event)


def test_a_column_of_several_days_names_its_first_and_last() -> None:
    start = date(2025, 3, 13)
    first = datetime(2025, 3, 13, 9, tzinfo=UTC)
    last = first + timedelta(days=30)
    assert header_days(format_span(first, last)) == (start, date(2025, 4, 12))
    assert header_days(format_span(first, first)) == (start, start)
