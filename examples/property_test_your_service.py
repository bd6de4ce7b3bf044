"""Property tests a service team runs in CI with ``journeys.testing``: copy this file and adapt it.

The service under test here is a hand-off inbox: the queue of hand-offs each
body has still to answer, as a caseworker's screen would show it. Replace
``HandoffInbox`` with your own service and keep the shape of the tests:

- every valid journey goes through your service without error, and your
  service agrees with the journey (``journeys(...)``);
- journeys with a chosen gap make your service show it, and journeys without
  gaps do not (``journey_events(gaps=...)``);
- a state machine drives your service alongside the ``Journey`` aggregate, with
  valid and invalid commands, and checks your invariants after every step
  (``JourneyMachine``).

Run:  pytest examples/property_test_your_service.py
In CI, load a Hypothesis profile with more examples (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import invariant

from journeys import Catalogue, Journey, JourneyApp, uk_catalogue
from journeys.analysis import analyse
from journeys.testing import GAP_KINDS, JourneyMachine, journey_events, journeys

CATALOGUE: Catalogue = uk_catalogue()
"""The bodies our service knows; generated journeys visit only these."""


# --- the service under test (replace with your own) ----------------------------------


class HandoffInbox:
    """Hand-offs waiting for an answer, by receiving body, across journeys."""

    def __init__(self) -> None:
        self._receivers: dict[tuple[UUID, str], str] = {}
        self._answered: set[tuple[UUID, str]] = set()

    def record(self, events: Iterable[Journey.Event]) -> None:
        """Take in a journey's new events, in order."""
        for event in events:
            if isinstance(event, Journey.HandoffSent):
                self._receivers[(event.originator_id, event.handoff)] = event.to_body
            elif isinstance(event, Journey.HandoffAccepted | Journey.HandoffRejected):
                self._answered.add((event.originator_id, event.handoff))

    def waiting_at(self, body: str) -> set[tuple[UUID, str]]:
        """The (journey, hand-off) pairs ``body`` has not answered yet."""
        return {
            key
            for key, receiver in self._receivers.items()
            if receiver == body and key not in self._answered
        }


def unanswered_at(journey: Journey, body: str) -> set[tuple[UUID, str]]:
    """What the journey itself says ``body`` has still to answer."""
    return {(journey.id, h.id) for h in journey.unanswered_handoffs() if h.to_body == body}


# --- properties over generated journeys ----------------------------------------------


@given(journeys(catalogue=CATALOGUE))
def test_the_inbox_agrees_with_every_valid_journey(journey: Journey) -> None:
    inbox = HandoffInbox()
    inbox.record(event for event in journey.collect_events() if isinstance(event, Journey.Event))
    for body in CATALOGUE:
        assert inbox.waiting_at(body) == unanswered_at(journey, body)


@given(journey_events(catalogue=CATALOGUE, gaps={"dropped_handoff"}))
def test_a_dropped_handoff_stays_in_the_inbox(events: list[Journey.Event]) -> None:
    inbox = HandoffInbox()
    inbox.record(events)
    assert any(inbox.waiting_at(body) for body in CATALOGUE)


@given(journey_events(catalogue=CATALOGUE, gaps=()))
def test_a_journey_without_gaps_leaves_nothing_waiting(events: list[Journey.Event]) -> None:
    inbox = HandoffInbox()
    inbox.record(events)
    assert not any(inbox.waiting_at(body) for body in CATALOGUE)


@given(st.data())
def test_the_analysis_finds_exactly_the_gaps_injected(data: st.DataObject) -> None:
    kinds = data.draw(st.sets(st.sampled_from(sorted(GAP_KINDS))), label="gap kinds")
    events = data.draw(journey_events(catalogue=CATALOGUE, gaps=kinds), label="events")
    found = {finding.kind for finding in analyse(events, catalogue=CATALOGUE).findings}
    assert found - {"handoff_latency"} == kinds


@given(st.lists(journeys(catalogue=CATALOGUE), min_size=1, max_size=3))
def test_journeys_saved_together_read_back_the_same(many: list[Journey]) -> None:
    with JourneyApp.in_memory(catalogue=CATALOGUE) as app:
        expected = {journey.id: list(journey.pending_events) for journey in many}
        app.save(*many)
        for journey_id, events in expected.items():
            assert app.journey_events(journey_id) == events


# --- the service driven alongside the aggregate ----------------------------------------


class InboxMachine(JourneyMachine):
    """Feeds the inbox every accepted command's events and checks it after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox = HandoffInbox()

    def catalogue_strategy(self) -> st.SearchStrategy[Catalogue]:
        return st.just(CATALOGUE)

    def observe(self, events: Sequence[Journey.Event]) -> None:
        self.inbox.record(events)

    @invariant()
    def inbox_matches_the_journey(self) -> None:
        for body in self.catalogue:
            assert self.inbox.waiting_at(body) == unanswered_at(self.journey, body)


TestInboxMachine = InboxMachine.TestCase
