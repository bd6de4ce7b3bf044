"""Start times of interval logs: activities that took time rather than happened at once.

An event of an activity log may carry when its activity started as well as when
it completed: XES's ``start_timestamp`` attribute, a start column of an activity
CSV, or a lifecycle ``start`` event paired with its ``complete``. The activity
becomes one touchpoint at its completion with ``started_at`` its start.

Lifecycle pairs (:func:`paired`), within one case, read in time order (ties in
file order): a ``start`` event waits for the next ``complete`` event of the same
activity (and the same ``lifecycle:instance``, when the log gives one), first
in first out, as PM4Py's ``interval_lifecycle.to_interval`` pairs them. Then:

- a ``complete`` without a waiting start is an instantaneous activity;
- a ``start`` never completed (an activity still under way when the log was cut)
  is kept as an instantaneous touchpoint at its start, so the contact is not
  lost (PM4Py drops it);
- an event without a transition counts as a ``complete`` (the lifecycle
  extension's default, and PM4Py's);
- an event with another transition (``schedule``, ``suspend`` ...) is a
  touchpoint as it always was (PM4Py's conversion drops it);
- an event with its own ``start_timestamp`` is never paired.

A paired activity takes its resource and group from its ``complete`` event,
falling back to the ``start`` event's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import attrs

from journeys.interop.activity_journey import ActivityEvent

__all__ = ["LifecycleEvent", "paired"]


@attrs.frozen
class LifecycleEvent:
    """An event as a log holds it, with its lifecycle transition and instance, if any."""

    event: ActivityEvent
    transition: str | None = None
    instance: str | None = None


def paired(events: Sequence[LifecycleEvent]) -> list[ActivityEvent]:
    """One case's events with lifecycle starts folded into their completions.

    The result is in time order (ties in the order given).
    """
    slots: list[ActivityEvent | None] = []
    waiting: dict[tuple[str, str | None], deque[int]] = {}
    for item in sorted(events, key=lambda item: item.event.occurred_at):
        event = item.event
        transition = (item.transition or "complete").strip().lower()
        key = (event.activity, item.instance)
        if event.started_at is None and transition == "start":
            waiting.setdefault(key, deque()).append(len(slots))
            slots.append(event)
            continue
        queue = waiting.get(key)
        if event.started_at is None and transition == "complete" and queue:
            slot = queue.popleft()
            start = slots[slot]
            assert start is not None
            slots[slot] = None
            event = attrs.evolve(
                event,
                started_at=start.occurred_at,
                resource=event.resource or start.resource,
                group=event.group or start.group,
                objects=event.objects | start.objects,
            )
        slots.append(event)
    return [event for event in slots if event is not None]
