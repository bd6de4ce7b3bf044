"""The ``JourneyMachine`` rules that break one argument rule, whatever the journey's state.

Each sends a command (any journey command, the voice's included) with one bad
argument (a time before the latest event, a naive time, a blank body, no facts)
and expects the error the aggregate raises for it, unless the end or the time is
checked first and refuses it already.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import strategies as st
from hypothesis.stateful import rule

from journeys.errors import InvalidValueError, JourneyEndedError, TimeWentBackwardsError
from journeys.testing._command_rules import hours_later
from journeys.testing._machine_harness import BODIES, MachineHarness

BODY_COMMANDS = (
    "open_case",
    "close_case",
    "touchpoint",
    "provide_information",
    "request_information",
    "send_handoff",
    "give_feedback",
    "make_complaint",
)
COMMANDS = (*BODY_COMMANDS, "accept_handoff", "reject_handoff", "resolve_complaint", "end")


class RefusalRules(MachineHarness):
    """Rules whose commands carry one argument the journey must refuse."""

    @rule(command=st.sampled_from(COMMANDS), body=BODIES)
    def refuse_earlier_time(self, command: str, body: str) -> None:
        """Any command an hour before the latest event is refused (after the end check)."""
        refusal = JourneyEndedError if self._expected.ended else TimeWentBackwardsError
        self._attempt(self._command(command, body, self._expected.at(-1)), refusal, None)

    @rule(command=st.sampled_from(COMMANDS), body=BODIES)
    def refuse_naive_time(self, command: str, body: str) -> None:
        """Any command with a naive ``occurred_at`` is refused (after the end check)."""
        naive = self._expected.at(1).replace(tzinfo=None)
        refusal = JourneyEndedError if self._expected.ended else InvalidValueError
        self._attempt(self._command(command, body, naive), refusal, None)

    @rule(command=st.sampled_from(BODY_COMMANDS), hours=hours_later)
    def refuse_blank_body(self, command: str, hours: int) -> None:
        """A blank body id is refused (after the end and time checks)."""
        when = self._expected.at(hours)
        refusal = self._expected.time_refusal(when) or InvalidValueError
        self._attempt(self._command(command, " ", when), refusal, None)

    @rule(
        command=st.sampled_from(("provide_information", "request_information")),
        body=BODIES,
        hours=hours_later,
    )
    def refuse_no_facts(self, command: str, body: str, hours: int) -> None:
        """Giving or asking for no facts at all is refused (after the end and time checks)."""
        when = self._expected.at(hours)
        refusal = self._expected.time_refusal(when) or InvalidValueError
        record = (
            self.journey.provide_information
            if command == "provide_information"
            else self.journey.request_information
        )
        self._attempt(lambda: record(body, [], occurred_at=when), refusal, None)

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
            "give_feedback": lambda: journey.give_feedback(
                body, "visit", "nhs-fft", "Good", occurred_at=when
            ),
            # An id the machine's own rules never use, so only the body can be wrong.
            "make_complaint": lambda: journey.make_complaint("c-new", body, occurred_at=when),
            "resolve_complaint": lambda: journey.resolve_complaint(
                "c1", occurred_at=when, outcome="upheld"
            ),
            "end": lambda: journey.end(occurred_at=when),
        }
        return commands[name]
