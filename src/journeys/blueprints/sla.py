"""Service level agreements: how long a step or a hand-off may take.

An SLA is a maximum duration measured between two journey events:

=====================  =====================================================
clock event            the journey event it stands for
=====================  =====================================================
``journey-started``    ``Started.occurred_at``: the life event itself
``step-opened``        the first ``CaseOpened`` (or ``Touchpoint``) at the
                       step's body for the step's service
``step-closed``        the ``CaseClosed`` of that case (for touchpoints only:
                       the last touchpoint of the run)
``handoff-sent``       ``HandoffSent`` of the expected hand-off
``handoff-accepted``   ``HandoffAccepted`` of the same hand-off
=====================  =====================================================

A step's SLA runs from ``journey-started`` or ``step-opened`` to
``step-opened`` or ``step-closed`` (by default: from the life event to the step
closing, as in "register a death within 5 days"). A hand-off's SLA always runs
from ``handoff-sent`` to ``handoff-accepted``, the hand-off latency of the gap
definitions. The SLA is breached when the measured time is longer than
``within``. Durations are elapsed time; working-day rules are not modelled.
"""

from __future__ import annotations

import enum
from datetime import timedelta

import attrs

from journeys.blueprints.durations import format_duration
from journeys.errors import BlueprintError


class SlaEvent(enum.Enum):
    """A journey event that starts or stops an SLA clock."""

    JOURNEY_STARTED = "journey-started"
    STEP_OPENED = "step-opened"
    STEP_CLOSED = "step-closed"
    HANDOFF_SENT = "handoff-sent"
    HANDOFF_ACCEPTED = "handoff-accepted"


STEP_CLOCKS: frozenset[tuple[SlaEvent, SlaEvent]] = frozenset(
    {
        (SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_OPENED),
        (SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_CLOSED),
        (SlaEvent.STEP_OPENED, SlaEvent.STEP_CLOSED),
    }
)
"""The (start, end) pairs a step's SLA may be measured between."""

HANDOFF_CLOCK: tuple[SlaEvent, SlaEvent] = (SlaEvent.HANDOFF_SENT, SlaEvent.HANDOFF_ACCEPTED)
"""The only (start, end) pair a hand-off's SLA is measured between."""


def _positive(instance: Sla, attribute: attrs.Attribute[timedelta], value: timedelta) -> None:
    if not isinstance(value, timedelta):
        raise BlueprintError(f"an SLA must be a duration, got {value!r}", value=value)
    if value < timedelta(0):
        raise BlueprintError(f"negative SLA {format_duration(value)!r}", value=value)
    if value == timedelta(0):
        raise BlueprintError("an SLA of zero can never be met", value=value)


def _clock(instance: Sla, attribute: attrs.Attribute[SlaEvent], value: SlaEvent) -> None:
    pair = (instance.start, instance.end)
    if pair not in STEP_CLOCKS and pair != HANDOFF_CLOCK:
        raise BlueprintError(
            f"an SLA cannot run from {instance.start.value!r} to {instance.end.value!r}",
            value=f"{instance.start.value}->{instance.end.value}",
        )


@attrs.frozen
class Sla:
    """The longest time allowed between two journey events (see the module docs).

    >>> from datetime import timedelta
    >>> Sla(timedelta(days=5)).breached_by(timedelta(days=6))
    True
    """

    within: timedelta = attrs.field(validator=_positive)
    start: SlaEvent = attrs.field(default=SlaEvent.JOURNEY_STARTED, converter=SlaEvent)
    end: SlaEvent = attrs.field(default=SlaEvent.STEP_CLOSED, converter=SlaEvent, validator=_clock)

    @classmethod
    def for_handoff(cls, within: timedelta) -> Sla:
        """An SLA on a hand-off: from ``HandoffSent`` to ``HandoffAccepted``."""
        return cls(within, *HANDOFF_CLOCK)

    @property
    def is_for_handoff(self) -> bool:
        """Whether this SLA measures a hand-off rather than a step."""
        return (self.start, self.end) == HANDOFF_CLOCK

    def breached_by(self, elapsed: timedelta) -> bool:
        """Whether ``elapsed`` is longer than this SLA allows."""
        return elapsed > self.within
