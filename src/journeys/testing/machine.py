"""``JourneyMachine``: a Hypothesis state machine that drives one ``Journey`` aggregate.

The machine issues every journey command, with valid arguments and with
deliberately invalid ones (an unknown or already-open case, a hand-off never
sent or already answered, a hand-off to the same body, a duplicate hand-off id,
time going backwards, a naive time, a blank body, anything after the end). It
keeps its own small model of what the journey should accept, and checks that:

- an accepted command records exactly one event of the right type;
- a refused command raises the exact :class:`~journeys.errors.JourneyRuleError`
  subclass the rules call for and leaves the journey's state (its ``__dict__``)
  exactly as it was;
- the journey's version equals the number of events recorded;
- ``occurred_at`` never decreases from one event to the next;
- replaying the recorded events through a fresh aggregate reproduces the state.

Subclass it to drive your own service alongside the aggregate: override
:meth:`JourneyMachine.observe`, which receives the new events after every
accepted command, and add your own ``@invariant`` methods.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import hypothesis
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from journeys.bodies import Catalogue
from journeys.errors import (
    CaseAlreadyOpenError,
    DuplicateHandoffError,
    HandoffAlreadyAnsweredError,
    HandoffNotAcceptedError,
    InvalidValueError,
    JourneyEndedError,
    JourneyRuleError,
    SelfHandoffError,
    TimeWentBackwardsError,
    UnknownCaseError,
    UnknownHandoffError,
)
from journeys.journey import CaseKey, HandoffStatus, Journey
from journeys.testing._names import ACTIVITIES, FACTS, SERVICES, TRIGGERS
from journeys.testing.strategies import DEFAULT_START, catalogues

__all__ = ["JourneyMachine"]

Refusal = type[JourneyRuleError] | None

# Small pools so that the machine often repeats a value: a repeated service opens
# an already-open case, a repeated hand-off id is a duplicate, an id not yet sent
# is unknown.
MACHINE_SERVICES = SERVICES[:2]
HANDOFF_IDS = ("h1", "h2", "h3", "h4")
MACHINE_FACTS = FACTS[:3]

# Valid-looking commands wait whole hours after the journey's latest event; the
# refusal rules below break one rule at a time (earlier time, naive time, blank
# body, no facts) so that each refusal is exercised on purpose, not by accident.
hours_later = st.integers(0, 24)
fact_lists = st.lists(st.sampled_from(MACHINE_FACTS), min_size=1, max_size=2, unique=True)

EVENTS_BEFORE_END = 10
"""Events recorded before the machine may end the journey.

Every command after the end is refused, so ending early would leave most of a run
testing only that; ending is still reached in most runs.
"""

BODY_COMMANDS = (
    "open_case",
    "close_case",
    "touchpoint",
    "provide_information",
    "request_information",
    "send_handoff",
)
COMMANDS = (*BODY_COMMANDS, "accept_handoff", "reject_handoff", "end")


class JourneyMachine(RuleBasedStateMachine):
    """Drives one ``Journey`` with valid and invalid commands and checks its invariants.

    Run it with ``TestJourneys = JourneyMachine.TestCase`` in a test module; it
    uses the active Hypothesis settings profile.

    To test your own service alongside the aggregate, subclass it:

    - override :meth:`observe` to feed your service the events of every accepted
      command (the journey's ``Started`` event first);
    - add ``@invariant()`` methods that compare your service with
      :attr:`journey` or :attr:`events`;
    - override :meth:`catalogue_strategy` to use your service's own bodies, and
      ``teardown`` to close what you opened;
    - write your own ``@rule`` methods too: the bundles ``bodies`` (the
      catalogue's ids), ``sent_handoffs`` and ``opened_cases`` can feed them.

    Attributes:
        catalogue: the bodies this run uses (set before the first ``observe``).
        journey: the aggregate under test.
        events: every event the journey has recorded, in order.
    """

    bodies: Bundle[str] = Bundle("bodies")
    sent_handoffs: Bundle[str] = Bundle("sent_handoffs")
    opened_cases: Bundle[CaseKey] = Bundle("opened_cases")

    catalogue: Catalogue
    journey: Journey

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Journey.Event] = []
        # The machine's own model of what the journey should accept next.
        self._open: set[CaseKey] = set()
        self._handoffs: dict[str, tuple[str, str]] = {}
        self._answered: set[str] = set()
        self._accepted: set[str] = set()
        self._latest: datetime = DEFAULT_START
        self._ended = False

    # --- extension points -------------------------------------------------------------

    def observe(self, events: Sequence[Journey.Event]) -> None:
        """Called with the new events after every accepted command; does nothing here.

        Override it to feed your own service the same journey, for example by
        issuing the matching commands to it or saving the events to its store.
        Refused commands are never observed.
        """

    def catalogue_strategy(self) -> st.SearchStrategy[Catalogue]:
        """The strategy the run's catalogue is drawn from: :func:`catalogues` by default.

        Override it, for example with ``st.just(my_catalogue)``, to use the bodies
        your service knows.
        """
        return catalogues()

    # --- start ------------------------------------------------------------------------

    @initialize(target=bodies, data=st.data())
    def start_journey(self, data: st.DataObject) -> MultipleResults[str]:
        """Draw a catalogue and start the journey; the catalogue's ids feed the ``bodies``."""
        self.catalogue = data.draw(self.catalogue_strategy(), label="catalogue")
        body_ids = list(self.catalogue)
        if not body_ids:
            raise ValueError("JourneyMachine needs a catalogue with at least one body")
        nations = sorted(
            {n for body in self.catalogue.values() for n in body.nations},
            key=lambda nation: nation.value,
        )
        self.journey = Journey.start(
            citizen=data.draw(st.sampled_from(["cit-1", "cit-2"]), label="citizen"),
            trigger=data.draw(st.sampled_from(TRIGGERS), label="trigger"),
            nation=data.draw(st.sampled_from(nations), label="nation"),
            occurred_at=DEFAULT_START,
        )
        self._record(Journey.Started)
        return multiple(*body_ids)

    # --- cases ------------------------------------------------------------------------

    @rule(
        target=opened_cases,
        body=bodies,
        service=st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
        via_handoff=st.none() | st.sampled_from(HANDOFF_IDS),
    )
    def open_case(
        self, body: str, service: str, hours: int, via_handoff: str | None
    ) -> MultipleResults[CaseKey]:
        """Open a case, perhaps already open, perhaps via an unknown or unaccepted hand-off."""
        when = self._at(hours)
        key = CaseKey(body, service)
        refusal = self._time_refusal(when) or self._open_refusal(key, via_handoff)
        accepted = self._attempt(
            lambda: self.journey.open_case(
                body, service, occurred_at=when, via_handoff=via_handoff
            ),
            refusal,
            Journey.CaseOpened,
        )
        if not accepted:
            return multiple()
        self._open.add(key)
        return multiple(key)

    @rule(
        target=opened_cases,
        handoff=sent_handoffs,
        service=st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
    )
    def open_case_via_handoff(
        self, handoff: str, service: str, hours: int
    ) -> MultipleResults[CaseKey]:
        """Open a case at a hand-off's receiver via that hand-off (refused unless accepted)."""
        when = self._at(hours)
        key = CaseKey(self._handoffs[handoff][1], service)
        refusal = self._time_refusal(when) or self._open_refusal(key, handoff)
        accepted = self._attempt(
            lambda: self.journey.open_case(
                key.body, key.service, occurred_at=when, via_handoff=handoff
            ),
            refusal,
            Journey.CaseOpened,
        )
        if not accepted:
            return multiple()
        self._open.add(key)
        return multiple(key)

    @rule(case=opened_cases, hours=hours_later)
    def close_opened_case(self, case: CaseKey, hours: int) -> None:
        """Close a case that was opened, and may since have been closed."""
        self._close(case, hours)

    @rule(body=bodies, service=st.sampled_from(MACHINE_SERVICES), hours=hours_later)
    def close_case(self, body: str, service: str, hours: int) -> None:
        """Close any case, most likely one that is not open."""
        self._close(CaseKey(body, service), hours)

    def _close(self, case: CaseKey, hours: int) -> None:
        when = self._at(hours)
        refusal = self._time_refusal(when) or (UnknownCaseError if case not in self._open else None)
        if self._attempt(
            lambda: self.journey.close_case(case.body, case.service, occurred_at=when),
            refusal,
            Journey.CaseClosed,
        ):
            self._open.discard(case)

    # --- point events -----------------------------------------------------------------

    @rule(
        body=bodies,
        activity=st.sampled_from(ACTIVITIES),
        service=st.none() | st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
    )
    def touchpoint(self, body: str, activity: str, service: str | None, hours: int) -> None:
        """Record a touchpoint."""
        when = self._at(hours)
        self._attempt(
            lambda: self.journey.touchpoint(body, activity, occurred_at=when, service=service),
            self._time_refusal(when),
            Journey.Touchpoint,
        )

    @rule(body=bodies, items=fact_lists, hours=hours_later)
    def provide_information(self, body: str, items: list[str], hours: int) -> None:
        """Record facts given to a body."""
        when = self._at(hours)
        self._attempt(
            lambda: self.journey.provide_information(body, items, occurred_at=when),
            self._time_refusal(when),
            Journey.InformationProvided,
        )

    @rule(body=bodies, items=fact_lists, hours=hours_later)
    def request_information(self, body: str, items: list[str], hours: int) -> None:
        """Record facts a body asks for."""
        when = self._at(hours)
        self._attempt(
            lambda: self.journey.request_information(body, items, occurred_at=when),
            self._time_refusal(when),
            Journey.InformationRequested,
        )

    # --- hand-offs --------------------------------------------------------------------

    @rule(
        target=sent_handoffs,
        handoff=st.sampled_from(HANDOFF_IDS),
        from_body=bodies,
        to_body=bodies,
        items=fact_lists,
        hours=hours_later,
    )
    def send_handoff(
        self, handoff: str, from_body: str, to_body: str, items: list[str], hours: int
    ) -> MultipleResults[str]:
        """Send a hand-off, perhaps with an id already used, perhaps to the sender itself."""
        when = self._at(hours)
        refusal = self._time_refusal(when)
        if refusal is None and handoff in self._handoffs:
            refusal = DuplicateHandoffError
        if refusal is None and from_body == to_body:
            refusal = SelfHandoffError
        accepted = self._attempt(
            lambda: self.journey.send_handoff(
                handoff, from_body=from_body, to_body=to_body, occurred_at=when, items=items
            ),
            refusal,
            Journey.HandoffSent,
        )
        if not accepted:
            return multiple()
        self._handoffs[handoff] = (from_body, to_body)
        return multiple(handoff)

    @rule(handoff=sent_handoffs, hours=hours_later)
    def accept_sent_handoff(self, handoff: str, hours: int) -> None:
        """Accept a hand-off that was sent, and may already be answered."""
        self._answer(handoff, hours, accept=True)

    @rule(handoff=sent_handoffs, hours=hours_later)
    def reject_sent_handoff(self, handoff: str, hours: int) -> None:
        """Reject a hand-off that was sent, and may already be answered."""
        self._answer(handoff, hours, accept=False)

    @rule(handoff=st.sampled_from(HANDOFF_IDS), hours=hours_later, accept=st.booleans())
    def answer_handoff(self, handoff: str, hours: int, accept: bool) -> None:
        """Accept or reject any hand-off id, perhaps one never sent."""
        self._answer(handoff, hours, accept=accept)

    def _answer(self, handoff: str, hours: int, *, accept: bool) -> None:
        when = self._at(hours)
        refusal = self._time_refusal(when)
        if refusal is None and handoff not in self._handoffs:
            refusal = UnknownHandoffError
        if refusal is None and handoff in self._answered:
            refusal = HandoffAlreadyAnsweredError

        def command() -> None:
            if accept:
                self.journey.accept_handoff(handoff, occurred_at=when)
            else:
                self.journey.reject_handoff(handoff, occurred_at=when)

        event_type = Journey.HandoffAccepted if accept else Journey.HandoffRejected
        if self._attempt(command, refusal, event_type):
            self._answered.add(handoff)
            if accept:
                self._accepted.add(handoff)

    # --- the end ----------------------------------------------------------------------

    @precondition(lambda self: len(self.events) >= EVENTS_BEFORE_END)
    @rule(hours=hours_later)
    def end(self, hours: int) -> None:
        """End the journey; every later command must be refused."""
        when = self._at(hours)
        if self._attempt(
            lambda: self.journey.end(occurred_at=when), self._time_refusal(when), Journey.Ended
        ):
            self._ended = True

    # --- arguments refused whatever the state -----------------------------------------

    @rule(command=st.sampled_from(COMMANDS), body=bodies)
    def refuse_earlier_time(self, command: str, body: str) -> None:
        """Any command an hour before the latest event is refused (after the end check)."""
        refusal = JourneyEndedError if self._ended else TimeWentBackwardsError
        self._attempt(self._command(command, body, self._at(-1)), refusal, None)

    @rule(command=st.sampled_from(COMMANDS), body=bodies)
    def refuse_naive_time(self, command: str, body: str) -> None:
        """Any command with a naive ``occurred_at`` is refused (after the end check)."""
        naive = self._at(1).replace(tzinfo=None)
        refusal = JourneyEndedError if self._ended else InvalidValueError
        self._attempt(self._command(command, body, naive), refusal, None)

    @rule(command=st.sampled_from(BODY_COMMANDS), hours=hours_later)
    def refuse_blank_body(self, command: str, hours: int) -> None:
        """A blank body id is refused (after the end and time checks)."""
        when = self._at(hours)
        refusal = self._time_refusal(when) or InvalidValueError
        self._attempt(self._command(command, " ", when), refusal, None)

    @rule(
        command=st.sampled_from(("provide_information", "request_information")),
        body=bodies,
        hours=hours_later,
    )
    def refuse_no_facts(self, command: str, body: str, hours: int) -> None:
        """Giving or asking for no facts at all is refused (after the end and time checks)."""
        when = self._at(hours)
        refusal = self._time_refusal(when) or InvalidValueError
        if command == "provide_information":
            self._attempt(
                lambda: self.journey.provide_information(body, [], occurred_at=when), refusal, None
            )
        else:
            self._attempt(
                lambda: self.journey.request_information(body, [], occurred_at=when), refusal, None
            )

    def _command(self, name: str, body: str, when: datetime) -> Callable[[], None]:
        journey = self.journey
        receiver = next((b for b in self.catalogue if b != body), body)
        commands: dict[str, Callable[[], None]] = {
            "open_case": lambda: journey.open_case(body, "x", occurred_at=when),
            "close_case": lambda: journey.close_case(body, "x", occurred_at=when),
            "touchpoint": lambda: journey.touchpoint(body, "call", occurred_at=when),
            "provide_information": lambda: journey.provide_information(
                body, ["address"], occurred_at=when
            ),
            "request_information": lambda: journey.request_information(
                body, ["address"], occurred_at=when
            ),
            "send_handoff": lambda: journey.send_handoff(
                "h-new", from_body=body, to_body=receiver, occurred_at=when
            ),
            "accept_handoff": lambda: journey.accept_handoff("h1", occurred_at=when),
            "reject_handoff": lambda: journey.reject_handoff("h1", occurred_at=when),
            "end": lambda: journey.end(occurred_at=when),
        }
        return commands[name]

    # --- invariants -------------------------------------------------------------------

    @invariant()
    def version_counts_the_events(self) -> None:
        """The journey's version is the number of events it has recorded."""
        assert self.journey.version == len(self.events), (self.journey.version, len(self.events))

    @invariant()
    def occurred_at_never_decreases(self) -> None:
        """Each event's ``occurred_at`` is at or after the previous event's."""
        times = [event.occurred_at for event in self.events]
        assert times == sorted(times), times

    @invariant()
    def replay_reproduces_the_state(self) -> None:
        """Replaying the recorded events through a fresh aggregate gives the same state."""
        replayed: Any = None
        for event in self.events:
            replayed = event.mutate(replayed)
        assert isinstance(replayed, Journey)
        assert replayed.__dict__ == self.journey.__dict__

    @invariant()
    def state_matches_the_model(self) -> None:
        """Open cases, hand-off answers and the end are what the accepted commands imply."""
        assert self.journey.open_cases == self._open
        statuses = {h.id: h.status for h in self.journey.handoffs.values()}
        expected = {
            handoff: (
                HandoffStatus.ACCEPTED
                if handoff in self._accepted
                else HandoffStatus.REJECTED
                if handoff in self._answered
                else HandoffStatus.SENT
            )
            for handoff in self._handoffs
        }
        assert statuses == expected, (statuses, expected)
        assert self.journey.is_ended == self._ended
        assert self.journey.last_occurred_at == self._latest

    # --- running a command ------------------------------------------------------------

    def _attempt(
        self,
        command: Callable[[], None],
        refusal: Refusal,
        event_type: type[Journey.Event] | None,
    ) -> bool:
        """Run ``command``; check it is refused with ``refusal``, or records one event.

        Returns whether the command was accepted.
        """
        before = copy.deepcopy(self.journey.__dict__)
        try:
            command()
        except JourneyRuleError as error:
            if refusal is None:
                raise AssertionError(f"a valid command was refused: {error!r}") from error
            if type(error) is not refusal:
                raise AssertionError(
                    f"expected {refusal.__name__}, got {type(error).__name__}: {error}"
                ) from error
            if self.journey.__dict__ != before:
                raise AssertionError(f"a refused command changed the journey ({error!r})") from None
            hypothesis.event(f"refused: {refusal.__name__}")
            return False
        if refusal is not None:
            raise AssertionError(f"expected {refusal.__name__}, but the command was accepted")
        assert event_type is not None
        hypothesis.event(f"accepted: {event_type.__name__}")
        self._record(event_type)
        return True

    def _record(self, event_type: type[Journey.Event]) -> None:
        new_events: list[Journey.Event] = []
        for event in self.journey.collect_events():
            assert isinstance(event, Journey.Event)
            new_events.append(event)
        assert [type(e) for e in new_events] == [event_type], new_events
        self.events.extend(new_events)
        self._latest = new_events[-1].occurred_at
        self.observe(new_events)

    # --- the model's expectations -----------------------------------------------------

    def _at(self, hours: int) -> datetime:
        return self._latest + timedelta(hours=hours)

    def _time_refusal(self, when: datetime) -> Refusal:
        # The journey checks the end first, then the time, then the arguments.
        if self._ended:
            return JourneyEndedError
        if when < self._latest:
            return TimeWentBackwardsError
        return None

    def _open_refusal(self, key: CaseKey, via_handoff: str | None) -> Refusal:
        if key in self._open:
            return CaseAlreadyOpenError
        if via_handoff is None:
            return None
        if via_handoff not in self._handoffs:
            return UnknownHandoffError
        if self._handoffs[via_handoff][1] != key.body or via_handoff not in self._accepted:
            return HandoffNotAcceptedError
        return None
