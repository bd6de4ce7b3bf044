"""The journey map's observations: directly-follows steps between touchpoints.

Each case opened (body + service) and each touchpoint (body + activity) is a
node; consecutive nodes of a journey make a transition, timed from one to the
next. A journey's first node counts as a start and its last, when it closes, as
an end. Not a gap: the map every aggregate view is drawn on.

Interval logs: a touchpoint with a ``started_at`` ran from then to its
``occurred_at``. Steps are then ordered by (start, completion) — a step without
a start starts when it completes; ties keep the order they were recorded in —
and a transition is timed from the completion of one step to the start of the
next, 0 when they overlap. That is PM4Py's performance directly-follows graph on
interval logs (``pm4py/algo/discovery/dfg/variants/performance.py``,
``performance()``: ``max(0, next[start_timestamp] - previous[timestamp])``, and
``adapters/pandas/df_statistics.py``, ``get_dfg_graph()``: sorted by case, start,
completion, then the same clipped difference). A journey records its events in
completion order, so a step recorded later may have started earlier: from a
journey's first step with a start time, its steps are held back and counted
when the journey closes (its ``Ended`` event, or an analysis ``as_of``). Steps
recorded before that keep their place. Visits are counted as steps come.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from datetime import datetime
from operator import attrgetter, itemgetter

from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.analysis.tally import NodeKey, Tally
from journeys.journey import Journey

_ORDER = itemgetter(1, 2)
"""A held step's place: (start, completion)."""


class DirectlyFollows(Part):
    """Adds nodes, transitions, starts and ends to the tally the reporter fills."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.CaseOpened: self._stepper("service", None),
            Journey.Touchpoint: self._stepper("activity", attrgetter("started_at")),
        }

    def _stepper(
        self, label: str, start_of: Callable[[Journey.Event], datetime | None] | None
    ) -> Handler:
        """The handler of events whose node is ``(event.body, event.<label>)``."""
        node_of = attrgetter("body", label)  # builds the node tuple in C: a hot path
        report = self._report

        def step(fold: JourneyFold, event: Journey.Event) -> None:
            node: NodeKey = node_of(event)
            at = event.occurred_at
            tally = report.tally
            tally.visits[node] += 1
            held = fold.held_steps
            start = start_of(event) if start_of is not None else None
            if held is not None or start is not None:
                if held is None:
                    held = fold.held_steps = []
                held.append((node, at if start is None else start, at))
                return
            previous = fold.last_step
            if previous is None:
                tally.starts[node] += 1
            else:
                _add(tally, previous[0], node, (at - previous[1]).total_seconds())
            fold.last_step = (node, at)

        return step

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        tally = self._report.tally
        last = fold.last_step
        # The fold is not changed: an analysis as_of closes a journey that goes on.
        for node, start, completed in sorted(fold.held_steps or (), key=_ORDER):
            if last is None:
                tally.starts[node] += 1
            else:
                _add(tally, last[0], node, max(0.0, (start - last[1]).total_seconds()))
            last = (node, completed)
        if last is not None:
            tally.ends[last[0]] += 1


def _add(tally: Tally, source: NodeKey, target: NodeKey, seconds: float) -> None:
    edge = (source, target)
    durations = tally.transitions.get(edge)
    if durations is None:
        durations = tally.transitions[edge] = array("d")
    durations.append(seconds)
