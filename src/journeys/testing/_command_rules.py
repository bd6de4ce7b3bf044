"""The ``JourneyMachine`` rules that issue each journey command, valid or refused by state.

Each rule draws its arguments from small pools, so that a run often repeats a
value: a repeated service opens an already-open case, a repeated hand-off id is
a duplicate, an id not yet sent is unknown. The rule asks the
:class:`~journeys.testing._expected_journey.ExpectedJourney` which refusal the
command must meet, runs it through the harness, and updates the model when the
journey accepts it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import strategies as st
from hypothesis.stateful import MultipleResults, multiple, precondition, rule

from journeys.journey import CaseKey, Journey
from journeys.testing._machine_harness import (
    BODIES,
    OPENED_CASES,
    SENT_HANDOFFS,
    MachineHarness,
)
from journeys.testing._names import ACTIVITIES, FACTS, SERVICES
from journeys.voice.channels import Channel

MACHINE_SERVICES = SERVICES[:2]
HANDOFF_IDS = ("h1", "h2", "h3", "h4")
MACHINE_FACTS = FACTS[:3]

# Valid-looking commands wait whole hours after the journey's latest event; the
# refusal rules break one rule at a time (earlier time, naive time, blank body,
# no facts) so that each refusal is exercised on purpose, not by accident.
hours_later = st.integers(0, 24)
fact_lists = st.lists(st.sampled_from(MACHINE_FACTS), min_size=1, max_size=2, unique=True)
channels = st.none() | st.sampled_from([channel.value for channel in Channel])

EVENTS_BEFORE_END = 10
"""Events recorded before the machine may end the journey.

Every command after the end is refused, so ending early would leave most of a run
testing only that; ending is still reached in most runs.
"""


class CommandRules(MachineHarness):
    """Rules for every journey command, with arguments the journey's state may refuse."""

    # --- cases ------------------------------------------------------------------------

    @rule(
        target=OPENED_CASES,
        body=BODIES,
        service=st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
        via_handoff=st.none() | st.sampled_from(HANDOFF_IDS),
        channel=channels,
    )
    def open_case(
        self, body: str, service: str, hours: int, via_handoff: str | None, channel: str | None
    ) -> MultipleResults[CaseKey]:
        """Open a case, perhaps already open, perhaps via an unknown or unaccepted hand-off."""
        return self._open(CaseKey(body, service), hours, via_handoff, channel)

    @rule(
        target=OPENED_CASES,
        handoff=SENT_HANDOFFS,
        service=st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
    )
    def open_case_via_handoff(
        self, handoff: str, service: str, hours: int
    ) -> MultipleResults[CaseKey]:
        """Open a case at a hand-off's receiver via that hand-off (refused unless accepted)."""
        receiver = self._expected.handoffs[handoff][1]
        return self._open(CaseKey(receiver, service), hours, handoff, None)

    def _open(
        self, key: CaseKey, hours: int, via_handoff: str | None, channel: str | None
    ) -> MultipleResults[CaseKey]:
        when = self._expected.at(hours)
        accepted = self._attempt(
            lambda: self.journey.open_case(
                key.body, key.service, occurred_at=when, via_handoff=via_handoff, channel=channel
            ),
            self._expected.open_refusal(key, via_handoff, when),
            Journey.CaseOpened,
        )
        if not accepted:
            return multiple()
        self._expected.open_cases.add(key)
        return multiple(key)

    @rule(case=OPENED_CASES, hours=hours_later)
    def close_opened_case(self, case: CaseKey, hours: int) -> None:
        """Close a case that was opened, and may since have been closed."""
        self._close(case, hours)

    @rule(body=BODIES, service=st.sampled_from(MACHINE_SERVICES), hours=hours_later)
    def close_case(self, body: str, service: str, hours: int) -> None:
        """Close any case, most likely one that is not open."""
        self._close(CaseKey(body, service), hours)

    def _close(self, case: CaseKey, hours: int) -> None:
        when = self._expected.at(hours)
        if self._attempt(
            lambda: self.journey.close_case(case.body, case.service, occurred_at=when),
            self._expected.close_refusal(case, when),
            Journey.CaseClosed,
        ):
            self._expected.open_cases.discard(case)

    # --- point events -----------------------------------------------------------------

    @rule(
        body=BODIES,
        activity=st.sampled_from(ACTIVITIES),
        service=st.none() | st.sampled_from(MACHINE_SERVICES),
        hours=hours_later,
        channel=channels,
    )
    def touchpoint(
        self, body: str, activity: str, service: str | None, hours: int, channel: str | None
    ) -> None:
        """Record a touchpoint."""
        self._at_any_state(
            hours,
            lambda when: self.journey.touchpoint(
                body, activity, occurred_at=when, service=service, channel=channel
            ),
            Journey.Touchpoint,
        )

    @rule(body=BODIES, items=fact_lists, hours=hours_later)
    def provide_information(self, body: str, items: list[str], hours: int) -> None:
        """Record facts given to a body."""
        self._at_any_state(
            hours,
            lambda when: self.journey.provide_information(body, items, occurred_at=when),
            Journey.InformationProvided,
        )

    @rule(body=BODIES, items=fact_lists, hours=hours_later)
    def request_information(self, body: str, items: list[str], hours: int) -> None:
        """Record facts a body asks for."""
        self._at_any_state(
            hours,
            lambda when: self.journey.request_information(body, items, occurred_at=when),
            Journey.InformationRequested,
        )

    def _at_any_state(
        self, hours: int, command: Callable[[datetime], None], event_type: type[Journey.Event]
    ) -> bool:
        """Run ``command`` ``hours`` after the latest event; only the end or the time refuse it."""
        when = self._expected.at(hours)
        return self._attempt(lambda: command(when), self._expected.time_refusal(when), event_type)

    # --- hand-offs --------------------------------------------------------------------

    @rule(
        target=SENT_HANDOFFS,
        handoff=st.sampled_from(HANDOFF_IDS),
        from_body=BODIES,
        to_body=BODIES,
        items=fact_lists,
        hours=hours_later,
    )
    def send_handoff(
        self, handoff: str, from_body: str, to_body: str, items: list[str], hours: int
    ) -> MultipleResults[str]:
        """Send a hand-off, perhaps with an id already used, perhaps to the sender itself."""
        when = self._expected.at(hours)
        accepted = self._attempt(
            lambda: self.journey.send_handoff(
                handoff, from_body=from_body, to_body=to_body, occurred_at=when, items=items
            ),
            self._expected.send_refusal(handoff, from_body, to_body, when),
            Journey.HandoffSent,
        )
        if not accepted:
            return multiple()
        self._expected.handoffs[handoff] = (from_body, to_body)
        return multiple(handoff)

    @rule(handoff=SENT_HANDOFFS, hours=hours_later)
    def accept_sent_handoff(self, handoff: str, hours: int) -> None:
        """Accept a hand-off that was sent, and may already be answered."""
        self._answer(handoff, hours, accept=True)

    @rule(handoff=SENT_HANDOFFS, hours=hours_later)
    def reject_sent_handoff(self, handoff: str, hours: int) -> None:
        """Reject a hand-off that was sent, and may already be answered."""
        self._answer(handoff, hours, accept=False)

    @rule(handoff=st.sampled_from(HANDOFF_IDS), hours=hours_later, accept=st.booleans())
    def answer_handoff(self, handoff: str, hours: int, accept: bool) -> None:
        """Accept or reject any hand-off id, perhaps one never sent."""
        self._answer(handoff, hours, accept=accept)

    def _answer(self, handoff: str, hours: int, *, accept: bool) -> None:
        when = self._expected.at(hours)

        def command() -> None:
            if accept:
                self.journey.accept_handoff(handoff, occurred_at=when)
            else:
                self.journey.reject_handoff(handoff, occurred_at=when)

        event_type = Journey.HandoffAccepted if accept else Journey.HandoffRejected
        if self._attempt(command, self._expected.answer_refusal(handoff, when), event_type):
            self._expected.answered.add(handoff)
            if accept:
                self._expected.accepted.add(handoff)

    # --- the end ----------------------------------------------------------------------

    @precondition(lambda self: len(self.events) >= EVENTS_BEFORE_END)
    @rule(hours=hours_later)
    def end(self, hours: int) -> None:
        """End the journey; every later command must be refused."""
        ended = self._at_any_state(
            hours, lambda when: self.journey.end(occurred_at=when), Journey.Ended
        )
        if ended:
            self._expected.ended = True
