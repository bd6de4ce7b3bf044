"""Turning one case of an activity log into a journey of touchpoints.

A case becomes a journey started at its first event (id ``journey_id(source,
case)``, citizen ``"<source>:<case>"``, trigger and nation from the mapping) and,
unless the mapping says ``end = false``, ended at its last event. Each event
becomes a touchpoint at its body (see :mod:`journeys.interop.body_resolver`).
Activities the mapping marks also:

- ``opens_case``: open a case for that service at the body, just before the touchpoint;
- ``closes_case``: close that case just after the touchpoint;
- ``sends_handoff_to``: send a hand-off (ids ``handoff-1``, ``handoff-2`` ... within
  the journey) after the touchpoint. The receiving body accepts it at its next event
  in the case, just before that event; a case opened by that event is opened via
  the hand-off. A hand-off whose receiver never appears again stays unanswered.

So every event stays a touchpoint, and the touchpoint sequence is the case's
activity sequence whatever the mapping marks.

Interval cases: an event with a start time (see :mod:`journeys.interop.intervals`)
becomes a touchpoint with ``started_at``; the cases, hand-offs and the touchpoint
itself are recorded at its completion. When any event of a case has a start
time, every event of it gets one (an instantaneous event starts when it
completes), so the journey map orders the whole case by start, and the journey
starts at the case's earliest start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import attrs

from journeys.errors import EventLogError, JourneyRuleError
from journeys.interop.body_resolver import BodyResolver
from journeys.journey import Journey, journey_id
from journeys.related import RelatedObject


@attrs.frozen
class ActivityEvent:
    """One event of an activity log: what happened, when, and who did it.

    ``line`` is where the event is in its file (CSV line or XML line);
    ``started_at`` is when the activity started, if it took time (``occurred_at``
    is its completion); ``objects`` are the other objects the event related, in an
    object-centric log (kept on its touchpoint).
    """

    activity: str
    occurred_at: datetime
    resource: str | None
    group: str | None
    line: int | None
    started_at: datetime | None = None
    objects: frozenset[RelatedObject] = frozenset()


class ActivityJourneyBuilder:
    """Builds the journey of each case of one activity log."""

    def __init__(self, resolver: BodyResolver, *, source: str, path: str | Path) -> None:
        self.resolver = resolver
        self.source = source
        self.path = str(path)

    def build(self, case_id: str, events: Sequence[ActivityEvent], *, where: str = "") -> Journey:
        """The journey of ``case_id`` from its ``events``, already in time order.

        ``where`` describes the case's place in the file for error messages
        (``"trace 17"``). Raises :class:`~journeys.errors.EventLogError` naming the
        file, the line and the value when an event breaks a journey rule.
        """
        prefix = f"{where} (case {case_id!r})" if where else f"case {case_id!r}"
        mapping = self.resolver.mapping
        events = with_start_times(events)
        for event in events:
            if event.started_at is not None and event.started_at > event.occurred_at:
                raise EventLogError(
                    f"{prefix}, activity {event.activity!r}: its start "
                    f"{event.started_at.isoformat()} is after its completion "
                    f"{event.occurred_at.isoformat()}",
                    source=self.path,
                    line=event.line,
                    value=event.activity,
                )
        first = events[0]
        try:
            journey = Journey.start(
                citizen=f"{self.source}:{case_id}",
                trigger=mapping.trigger,
                nation=mapping.nation,
                occurred_at=min(event.started_at or event.occurred_at for event in events),
                id=journey_id(self.source, case_id),
            )
        except JourneyRuleError as error:  # a case id that cannot name a citizen
            raise EventLogError(
                f"{prefix}: {error}", source=self.path, line=first.line, value=case_id
            ) from None
        awaiting: dict[str, list[str]] = {}
        sent = 0
        for event in events:
            when = event.occurred_at
            try:
                body = self.resolver.body_for(event.activity, event.resource, event.group)
            except ValueError as error:
                raise EventLogError(
                    f"{prefix}: {error}",
                    source=self.path,
                    line=event.line,
                    value=event.group or event.resource,
                ) from None
            rule = mapping.rule(event.activity)
            try:
                via: str | None = None
                for handoff in awaiting.pop(body, []):
                    journey.accept_handoff(handoff, occurred_at=when)
                    via = handoff
                if rule is not None and rule.opens_case is not None:
                    journey.open_case(body, rule.opens_case, occurred_at=when, via_handoff=via)
                journey.touchpoint(
                    body,
                    event.activity,
                    occurred_at=when,
                    started_at=event.started_at,
                    objects=event.objects,
                )
                if rule is not None and rule.closes_case is not None:
                    journey.close_case(body, rule.closes_case, occurred_at=when)
                if rule is not None and rule.sends_handoff_to is not None:
                    sent += 1
                    handoff = f"handoff-{sent}"
                    journey.send_handoff(
                        handoff,
                        from_body=body,
                        to_body=rule.sends_handoff_to,
                        items=rule.items,
                        occurred_at=when,
                    )
                    awaiting.setdefault(rule.sends_handoff_to, []).append(handoff)
            except JourneyRuleError as error:
                raise EventLogError(
                    f"{prefix}, activity {event.activity!r}: {error}",
                    source=self.path,
                    line=event.line,
                    value=event.activity,
                ) from None
        if mapping.end_journeys:
            journey.end(occurred_at=events[-1].occurred_at)
        return journey


def with_start_times(events: Sequence[ActivityEvent]) -> Sequence[ActivityEvent]:
    """``events`` unchanged if none has a start time; otherwise each without one gets
    its completion as its start (an instantaneous activity of an interval case)."""
    if all(event.started_at is None for event in events):
        return events
    return [
        event if event.started_at is not None else attrs.evolve(event, started_at=event.occurred_at)
        for event in events
    ]
