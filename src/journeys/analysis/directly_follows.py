"""The journey map's observations: directly-follows steps between touchpoints.

Each case opened (body + service) and each touchpoint (body + activity) is a
node; consecutive nodes of a journey make a transition, timed from one to the
next. A journey's first node counts as a start and its last, when it closes, as
an end. Not a gap: the map every aggregate view is drawn on.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from datetime import datetime
from operator import attrgetter

from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.analysis.tally import NodeKey
from journeys.journey import Journey


class DirectlyFollows(Part):
    """Adds nodes, transitions, starts and ends to the tally the reporter fills."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.CaseOpened: self._stepper("service"),
            Journey.Touchpoint: self._stepper("activity"),
        }

    def _stepper(self, label: str) -> Handler:
        """The handler of events whose node is ``(event.body, event.<label>)``."""
        node_of = attrgetter("body", label)  # builds the node tuple in C: a hot path
        report = self._report

        def step(fold: JourneyFold, event: Journey.Event) -> None:
            node: NodeKey = node_of(event)
            at = event.occurred_at
            tally = report.tally
            previous = fold.last_step
            if previous is None:
                tally.starts[node] += 1
            else:
                edge = (previous[0], node)
                durations = tally.transitions.get(edge)
                if durations is None:
                    durations = tally.transitions[edge] = array("d")
                durations.append((at - previous[1]).total_seconds())
            tally.visits[node] += 1
            fold.last_step = (node, at)

        return step

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        if fold.last_step is not None:
            self._report.tally.ends[fold.last_step[0]] += 1
