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
definitions.

An SLA counts calendar days (the default) or working days (:class:`DayCount`).
A calendar SLA is elapsed time: its deadline is the clock's start plus
``within``. A working-day SLA of *N* days ends at the end of the *N*th working
day of the journey's nation after the local date the clock starts
(:mod:`journeys.blueprints.working_days`). Either is breached when the clock
stops after its deadline.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from journeys.blueprints.durations import format_duration
from journeys.blueprints.fields import to_nation
from journeys.blueprints.working_days import working_day_deadline
from journeys.bodies import Nation
from journeys.errors import BlueprintError


class DayCount(enum.Enum):
    """What an SLA's days are: elapsed calendar days, or working days of a nation."""

    CALENDAR = "calendar"
    WORKING = "working"


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


def _whole_days(instance: Sla, attribute: attrs.Attribute[DayCount], value: DayCount) -> None:
    if value is DayCount.WORKING and instance.within % timedelta(days=1):
        raise BlueprintError(
            f"a working-day SLA must be whole days, got {format_duration(instance.within)!r}",
            value=format_duration(instance.within),
        )


@attrs.frozen
class Sla:
    """The longest time allowed between two journey events (see the module docs).

    >>> from datetime import UTC, datetime, timedelta
    >>> death = datetime(2026, 11, 25, 14, tzinfo=UTC)
    >>> registered = datetime(2026, 12, 1, 11, tzinfo=UTC)
    >>> Sla(timedelta(days=5)).breached(death, registered, "england")
    True
    >>> Sla(timedelta(days=3), days="working").breached(death, registered, "scotland")
    False
    """

    within: timedelta = attrs.field(validator=_positive)
    start: SlaEvent = attrs.field(default=SlaEvent.JOURNEY_STARTED, converter=SlaEvent)
    end: SlaEvent = attrs.field(default=SlaEvent.STEP_CLOSED, converter=SlaEvent, validator=_clock)
    days: DayCount = attrs.field(
        default=DayCount.CALENDAR, converter=DayCount, validator=_whole_days, kw_only=True
    )

    @classmethod
    def for_handoff(cls, within: timedelta, days: DayCount | str = DayCount.CALENDAR) -> Sla:
        """An SLA on a hand-off: from ``HandoffSent`` to ``HandoffAccepted``."""
        return cls(within, *HANDOFF_CLOCK, days=DayCount(days))

    @property
    def is_for_handoff(self) -> bool:
        """Whether this SLA measures a hand-off rather than a step."""
        return (self.start, self.end) == HANDOFF_CLOCK

    @property
    def is_working_days(self) -> bool:
        """Whether ``within`` counts working days rather than elapsed time."""
        return self.days is DayCount.WORKING

    def deadline(self, start: datetime, nation: Nation | str) -> datetime:
        """The latest time the clock started at ``start`` may stop, for a journey in
        ``nation``: ``start + within`` for calendar days; for working days the end
        of the last working day allowed, in UK local time (see the module docs)."""
        if self.days is DayCount.WORKING:
            return working_day_deadline(start, self.within.days, to_nation(nation))
        return start + self.within

    def breached(self, start: datetime, stop: datetime, nation: Nation | str) -> bool:
        """Whether a clock running from ``start`` to ``stop`` in a journey of
        ``nation`` ran past this SLA (stopping exactly at the deadline is in time)."""
        return stop > self.deadline(start, nation)

    def breached_by(self, elapsed: timedelta) -> bool:
        """Whether ``elapsed`` is longer than this calendar SLA allows.

        A working-day SLA depends on the dates, not only the elapsed time: use
        :meth:`breached`.
        """
        if self.days is DayCount.WORKING:
            raise ValueError("a working-day SLA needs the clock's dates: use Sla.breached()")
        return elapsed > self.within

    def describe(self) -> str:
        """The limit as findings and tables show it: ``P5D`` or ``5 working days``."""
        if self.days is DayCount.WORKING:
            count = self.within.days
            return f"{count} working day{'s' if count != 1 else ''}"
        return format_duration(self.within)
