"""The marks a timeline draws for an analysis's findings over the journey's steps.

* unheld time — a red dashed line labelled with its duration;
* a dropped hand-off — a red line ending in a "no response" node;
* a refused hand-off — a brown line to the refusal;
* an answered hand-off — a line labelled with its latency;
* a re-ask — the request filled orange, naming the facts asked again and where
  and when the citizen first gave them;
* a cold transfer — a purple dotted line to the case the citizen opened themselves.

Findings of other kinds (a blueprint's ``sla_breach`` and the like) have no mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import attrs

from journeys.analysis import Finding, FindingKind
from journeys.journey import Journey
from journeys.render import style
from journeys.render.dates import format_moment
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.timeline_steps import WRAP, Line, Step, TimelineSteps, sorted_attributes

# The events at which a body holds the citizen: where unheld time and cold
# transfers start (the first tuple) and end (the second).
_HOLDS = (Journey.CaseClosed, Journey.Touchpoint, Journey.CaseOpened)
_TAKES_ON = (Journey.CaseOpened, Journey.Touchpoint)


def draw_findings(steps: TimelineSteps, findings: Iterable[Finding]) -> None:
    """Add the mark of each of one journey's ``findings`` to ``steps``."""
    marks = _Marks(steps)
    # Cold transfers last: one that shares its steps with unheld time adds its
    # text to the red line's label (see _Marks.between).
    for finding in sorted(findings, key=lambda f: f.kind is FindingKind.COLD_TRANSFER):
        mark = _MARK_OF.get(finding.kind)
        if mark is not None:
            mark(marks, finding)


class _Marks:
    """Draws findings onto the steps of one timeline."""

    def __init__(self, steps: TimelineSteps) -> None:
        self.steps = steps
        self.dropped = 0

    def latency(self, finding: Finding) -> None:
        self._handoff_line(
            finding,
            f"hand-off · {human_duration(finding.duration_seconds)}",
            color=style.HANDOFF,
            penwidth="1.5",
        )

    def refused(self, finding: Finding) -> None:
        self._handoff_line(
            finding,
            f"refused after {human_duration(finding.duration_seconds)}",
            color=style.REJECTED,
            penwidth="1.5",
        )

    def unheld(self, finding: Finding) -> None:
        self._between(
            finding,
            f"UNHELD {human_duration(finding.duration_seconds)}",
            color=style.GAP,
            fontcolor=style.GAP,
            style="dashed",
            penwidth="2.5",
        )

    def cold_transfer(self, finding: Finding) -> None:
        self._between(
            finding,
            "COLD TRANSFER",
            color=style.COLD_TRANSFER,
            fontcolor=style.COLD_TRANSFER,
            style="dotted",
            penwidth="2.5",
        )

    def dropped_handoff(self, finding: Finding) -> None:
        assert finding.handoff is not None
        assert finding.to_body is not None
        self.dropped += 1
        steps = self.steps
        no_response = steps.add(
            f"dropped{self.dropped}",
            steps.lanes[finding.to_body],
            None,
            finding.end,
            finding.to_body,
            [
                "NO RESPONSE",
                *wrap(f"from {steps.name(finding.to_body)}", WRAP),
                f"by {format_moment(finding.end)}",
            ],
            shape="octagon",
            style="filled",
            fillcolor=style.NO_RESPONSE_FILL,
            color=style.GAP,
            fontcolor=style.GAP,
            penwidth="2.5",
        )
        steps.lines.append(
            Line(
                steps.sent[finding.handoff].id,
                no_response.id,
                sorted_attributes(
                    label=dot_label(f"no answer in {human_duration(finding.duration_seconds)}"),
                    color=style.GAP,
                    fontcolor=style.GAP,
                    penwidth="2.5",
                ),
            )
        )

    def reask(self, finding: Finding) -> None:
        assert finding.from_body is not None
        steps = self.steps
        request = next(
            step
            for step in steps.steps
            if isinstance(step.event, Journey.InformationRequested)
            and step.body == finding.to_body
            and step.at == finding.end
        )
        # The mark names what was asked again and where the citizen first gave it,
        # rather than a line back to that moment: such lines cross every lane.
        asked_again = wrap(f"ASKS AGAIN: {', '.join(finding.items)}", WRAP) + wrap(
            f"(given to {steps.name(finding.from_body)} {format_moment(finding.start)})", WRAP
        )
        marked = attrs.evolve(
            request,
            lines=(*request.lines[:-1], *asked_again, request.lines[-1]),
            attributes=sorted_attributes(
                **{
                    **dict(request.attributes),
                    "fillcolor": style.REASK_FILL,
                    "color": style.REASK,
                    "fontcolor": style.INK,
                    "penwidth": "2.5",
                }
            ),
        )
        steps.steps[steps.steps.index(request)] = marked

    def _handoff_line(self, finding: Finding, label: str, **attributes: str) -> None:
        assert finding.handoff is not None
        self.steps.lines.append(
            Line(
                self.steps.sent[finding.handoff].id,
                self.steps.answered[finding.handoff].id,
                sorted_attributes(label=dot_label(label), **attributes),
            )
        )

    def _between(self, finding: Finding, label: str, **attributes: str) -> None:
        lines = self.steps.lines
        tail = self._last_hold_before(finding.from_body, finding.start)
        head = self._first_hold_after(finding.to_body, finding.end)
        for index, line in enumerate(lines):
            if (line.tail, line.head) == (tail.id, head.id) and "label" in dict(line.attributes):
                # Two marks between the same steps (unheld time that was also a cold
                # transfer): dot would print both labels in one place, so the first
                # line carries both texts and the second is drawn unlabelled.
                merged = dict(line.attributes)
                merged["label"] = merged["label"] + "\\n" + dot_label(label)
                lines[index] = attrs.evolve(line, attributes=sorted_attributes(**merged))
                lines.append(Line(tail.id, head.id, sorted_attributes(**attributes)))
                return
        lines.append(
            Line(tail.id, head.id, sorted_attributes(label=dot_label(label), **attributes))
        )

    def _last_hold_before(self, body: str | None, at: datetime) -> Step:
        """The step where ``body``'s hold ended at ``at`` (the start at a journey's edge)."""
        steps = self.steps.steps
        if body is None:
            return steps[0]
        candidates = [s for s in steps if s.body == body and s.at <= at and s.event]
        holding = [s for s in candidates if isinstance(s.event, _HOLDS)]
        chosen = holding or candidates
        return chosen[-1] if chosen else steps[0]

    def _first_hold_after(self, body: str | None, at: datetime) -> Step:
        """The step where ``body`` took the citizen on at ``at`` (the end at the edge)."""
        steps = self.steps.steps
        if body is None:
            return self.steps.end if self.steps.end is not None else steps[-1]
        for step in steps:
            if step.body == body and step.at >= at and isinstance(step.event, _TAKES_ON):
                return step
        return next(s for s in steps if s.body == body and s.at >= at)


_MARK_OF: dict[FindingKind, Callable[[_Marks, Finding], None]] = {
    FindingKind.HANDOFF_LATENCY: _Marks.latency,
    FindingKind.REJECTED_HANDOFF: _Marks.refused,
    FindingKind.DROPPED_HANDOFF: _Marks.dropped_handoff,
    FindingKind.UNHELD_TIME: _Marks.unheld,
    FindingKind.COLD_TRANSFER: _Marks.cold_transfer,
    FindingKind.REASK: _Marks.reask,
}
