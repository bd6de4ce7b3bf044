"""Applying a :class:`~journeys.analysis.filters.JourneyFilter` to a stream of journey events.

Words known from a journey's ``Started`` event (nation, trigger, time window)
are applied as the events stream by: :func:`started_within` keeps the events of
the journeys whose start passes. The other words need the whole journey: a first
pass (:func:`chosen_journeys`) folds each journey's :class:`JourneyFacts` (the
bodies it touched, its outcome) and, for the words about findings, runs the
whole analysis once to learn each journey's kinds of finding and boundaries;
:func:`only_journeys` then keeps the chosen journeys' events for the second pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

import attrs

from journeys.analysis.filters import JourneyFilter
from journeys.analysis.findings import FindingKind
from journeys.event_registry import JOURNEY_EVENTS
from journeys.journey import Journey
from journeys.privacy.erased import ErasedJourneys

if TYPE_CHECKING:
    from journeys.analysis.result import Analysis
    from journeys.application import JourneyApp

FirstPass = Callable[[Iterable[Journey.Event]], "Analysis"]
"""Runs the whole analysis over every event (the first pass of a findings word)."""


@attrs.define
class JourneyFacts:
    """What one journey did, folded from its events: the bodies it touched (those
    its events are at, and the receivers of the hand-offs it sent once they
    answered) and its outcome (``None`` while open)."""

    started: Journey.Started
    bodies: set[str] = attrs.field(factory=set)
    outcome: str | None = None
    sent_to: dict[str, str] = attrs.field(factory=dict)

    def add(self, event: Journey.Event) -> None:
        """Fold one more event of the journey."""
        if isinstance(event, Journey.HandoffSent):
            # Sending touches the sender; the receiver only once it answers.
            self.bodies.add(event.from_body)
            self.sent_to[event.handoff] = event.to_body
        elif isinstance(event, Journey.HandoffAccepted | Journey.HandoffRejected):
            receiver = self.sent_to.get(event.handoff)
            if receiver is not None:
                self.bodies.add(receiver)
        else:
            self.bodies.update(body for body in JOURNEY_EVENTS.of(event).bodies(event) if body)
        if isinstance(event, Journey.Ended):
            self.outcome = event.outcome


FactsT = TypeVar("FactsT", bound=JourneyFacts)


def folding_facts(
    events: Iterable[Journey.Event],
    facts: dict[UUID, FactsT],
    new: Callable[[Journey.Started], FactsT],
) -> Iterator[Journey.Event]:
    """``events`` as they come, folding each journey's facts (``new`` of its start: a
    :class:`JourneyFacts` or a subclass) into ``facts`` (by journey id) on the way."""
    for event in events:
        if isinstance(event, Journey.Started):
            facts[event.originator_id] = new(event)
        fact = facts.get(event.originator_id)
        if fact is not None:
            fact.add(event)
        yield event


def facts_of(events: Iterable[Journey.Event]) -> dict[UUID, JourneyFacts]:
    """Each journey's :class:`JourneyFacts`, by journey id, folded from ``events``."""
    facts: dict[UUID, JourneyFacts] = {}
    for _ in folding_facts(events, facts, JourneyFacts):
        pass
    return facts


def admits_start(where: JourneyFilter, started: Journey.Started) -> bool:
    """Whether the journey ``started`` opens passes ``where``'s words about starts."""
    return where.admits_start(started.nation, started.trigger, started.occurred_at)


def started_within(
    where: JourneyFilter, events: Iterable[Journey.Event]
) -> Iterator[Journey.Event]:
    """The events of the journeys whose start passes ``where`` (one pass, streaming)."""
    kept: set[int] = set()
    started = Journey.Started
    for event in events:
        if type(event) is started:
            if admits_start(where, event):
                kept.add(event.originator_id.int)
                yield event
        elif event.originator_id.int in kept:
            yield event


def only_journeys(journeys: set[UUID], events: Iterable[Journey.Event]) -> Iterator[Journey.Event]:
    """The events of ``journeys``, in the order they come."""
    wanted = {journey.int for journey in journeys}
    return (event for event in events if event.originator_id.int in wanted)


def chosen_journeys(
    where: JourneyFilter, events: Iterable[Journey.Event], first_pass: FirstPass | None
) -> set[UUID]:
    """The journeys of ``events`` that pass every word of ``where``.

    The words about findings (``boundary``, ``crosses_nation``, ``gap``) are decided
    on the findings of ``first_pass`` over every journey's events (the same
    analysis the second pass runs, with the same ``as_of``, blueprints and
    life-event table); it is needed only when ``where`` has such a word.
    """
    facts: dict[UUID, JourneyFacts] = {}
    kinds: dict[UUID, set[FindingKind]] = {}
    pairs: dict[UUID, set[str]] = {}
    crossing: set[UUID] = set()
    if where.needs_findings:
        if first_pass is None:
            raise ValueError("a filter on findings needs a first pass")
        for finding in first_pass(folding_facts(events, facts, JourneyFacts)).findings:
            kinds.setdefault(finding.journey, set()).add(finding.kind)
            if finding.boundary is not None:
                pairs.setdefault(finding.journey, set()).add(finding.boundary.tier_pair)
                if finding.boundary.crosses_nation:
                    crossing.add(finding.journey)
    else:
        facts = facts_of(events)
    return {
        journey
        for journey, fact in facts.items()
        if admits_start(where, fact.started)
        and where.admits_rest(
            bodies=fact.bodies,
            outcome=fact.outcome,
            tier_pairs=pairs.get(journey, ()),
            crosses_nation=journey in crossing,
            kinds=kinds.get(journey, ()),
        )
    }


def filtered_events(
    where: JourneyFilter,
    source: JourneyApp | Iterable[Journey.Event],
    events: Iterable[Journey.Event],
    first_pass: FirstPass,
) -> Iterable[Journey.Event]:
    """``events`` (read from ``source``) less the journeys ``where`` leaves out.

    Words about the start stream in one pass. Words needing whole journeys read
    the source twice: a store is read again (the first reading's erasures are not
    counted), a plain iterable of events is materialised as a list first.
    """
    if where.is_everything:
        return events
    if not where.needs_whole_journey:
        return started_within(where, events)
    from journeys.application import JourneyApp

    if isinstance(source, JourneyApp):
        first: Iterable[Journey.Event] = (
            event for _, event in source.read_events(erased=ErasedJourneys())
        )
    else:
        events = list(events)
        first = events
    journeys = chosen_journeys(where, first, first_pass)
    return only_journeys(journeys, events)
