"""Build one journey step by step through the ``Journey`` command methods, under a gap plan.

The builder is what makes generated journeys valid by construction: every event
is recorded by the aggregate's own commands, so a journey the aggregate would
refuse cannot be produced (a refusal would raise out of the strategy).

It first takes a random walk of steps that can never produce a forbidden gap
kind, then injects each required kind once, answers the hand-offs still open and
ends the journey. The construction rules, read against DESIGN.md "What a gap is":

- The first case opens at the ``Started`` time (later only when unheld time is
  allowed). A case closes only while another stays open, or, when the journey
  ends, at the same instant as ``Ended``; only when unheld time is allowed may
  the last open case close early. So a journey without unheld time always has a
  case open between ``Started`` and ``Ended``.
- Touchpoints, facts given and asked for, and hand-offs sent happen only at a
  body that has a case open, so "the body has held a case" never depends on how
  an analysis reads touchpoints. After an unheld interval the next touchpoint is
  at a different body from the one before it, so no run of touchpoints at one
  body can span the interval, however runs are delimited.
- A case opens at a body that has held nothing before only through an accepted
  hand-off (``via_handoff``, opened at the instant of acceptance), unless cold
  transfers are allowed.
- A body asks only for facts it may ask for: none that the citizen gave another
  body and no accepted hand-off carried to it, unless re-asks are allowed.
- Hand-offs are left unanswered only when dropped hand-offs are allowed, and
  rejected only when rejected hand-offs are allowed.
- Required kinds are injected with resources the walk never touches: a reserved
  body for the cold transfer and a reserved fact for the re-ask, so each injected
  gap is unambiguous.

The walk may also record the citizen's voice (unless the strategy is told not
to): a channel on cases and touchpoints, feedback on a bundled instrument (any of
its answers, "Don't know" included) about a body that has held the citizen, and
complaints made and resolved. None of these is a gap or holds the citizen, so
they never change which gaps a journey has.

Every step advances time by whole hours (at least one), so no two steps share an
instant; only steps that belong together (a hand-off accepted and the case it
opens, the cases closed as the journey ends) share one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import strategies as st

from journeys.bodies import Catalogue
from journeys.journey import Journey
from journeys.testing._gap_plan import GapPlan
from journeys.testing._journey_so_far import CHANNELS, JourneySoFar
from journeys.testing._names import ACTIVITIES, OUTCOMES, THEMES, TRIGGERS
from journeys.voice.instruments import bundled_instruments
from journeys.voice.outcomes import ComplaintOutcome

INSTRUMENTS: tuple[str, ...] = tuple(instrument.id for instrument in bundled_instruments())
"""The bundled instruments feedback is given on, in the table's order."""

COMPLAINT_OUTCOMES: tuple[str, ...] = tuple(outcome.value for outcome in ComplaintOutcome)

MAX_LATE_START_HOURS = 24
"""The longest a first case may open after ``Started``, when unheld time is allowed."""

Step = Callable[[], None]

INJECTION_ORDER: tuple[str, ...] = (
    "unheld_time",
    "cold_transfer",
    "reask",
    "rejected_handoff",
    "dropped_handoff",
)
"""The gap kinds the builder injects, in the order it injects them.

Unheld time comes first because it ends with a case open again, which the others
need; the cold transfer comes before the re-ask so that its body can take part.
"""


class JourneyBuilder(JourneySoFar):
    """Records one journey through ``Journey`` commands, choosing every value with ``draw``.

    What it records and may use next is :class:`JourneySoFar`'s; this class is the
    plan: the walk, the injected gaps, the answers and the end.
    """

    def __init__(
        self,
        draw: st.DrawFn,
        *,
        catalogue: Catalogue,
        plan: GapPlan,
        start: datetime,
        citizen: str,
        voice: bool = True,
    ) -> None:
        super().__init__(draw, catalogue=catalogue, plan=plan, start=start, voice=voice)
        entry = self._choose(self._destinations())
        nation = self._choose(sorted(catalogue[entry].nations, key=lambda n: n.value))
        self.journey = Journey.start(
            citizen=citizen,
            trigger=self._choose(TRIGGERS),
            nation=nation,
            occurred_at=self._now(),
        )
        if plan.allows("unheld_time"):
            self._hours += self._choices.number(0, MAX_LATE_START_HOURS)
        self._open_case(entry)

    # --- the whole journey ------------------------------------------------------------

    def build(self, *, max_steps: int, ended: bool) -> Journey:
        """Walk up to ``max_steps`` steps, inject the required gaps, and end if ``ended``."""
        for _ in range(self._choices.number(0, max_steps)):
            self._choose(self._available_steps())()
        self._inject_required_gaps()
        self._answer_open_handoffs()
        if ended:
            self._end()
        return self.journey

    def _available_steps(self) -> list[Step]:
        # Simplest first: Hypothesis shrinks a choice towards the start of the list.
        steps: list[Step] = []
        if self._holders():
            steps.append(self._provide)
            if self._touchable():
                steps.append(self._touch)
            if self._askers():
                steps.append(self._request)
            if self._senders():
                steps.append(self._send)
            if len(self.journey.open_cases) > 1 or self._plan.allows("unheld_time"):
                steps.append(self._close)
        if self._pending():
            steps.append(self._accept)
            if self._plan.allows("rejected_handoff"):
                steps.append(self._reject)
        if self._held:
            steps.append(self._open_again)
        if self._plan.allows("cold_transfer") and self._newcomers():
            steps.append(self._walk_in)
        if self._voice:
            # One step for all of the voice, so that it does not crowd out the
            # steps that make gaps (a walk is only a few steps long).
            steps.append(self._speak)
        return steps

    # --- walk steps (none of them makes a forbidden gap) ------------------------------

    def _provide(self) -> None:
        body = self._choose(self._holders())
        facts = self._facts(self._walk_facts, min_size=1)
        self._wait()
        self._give(body, facts)

    def _touch(self) -> None:
        body = self._choose(self._touchable())
        services = self._services_open_at(body)
        service = self._choose([None, *services])
        self._wait()
        activity, channel = self._choose(ACTIVITIES), self._channel()
        self.journey.touchpoint(
            body, activity, occurred_at=self._now(), service=service, channel=channel
        )
        self._held.add(body)
        self._last_touch_body = body
        self._unheld_since_last_touch = False

    def _request(self) -> None:
        body = self._choose(self._askers())
        facts = self._facts(self._askable(body), min_size=1)
        self._wait()
        self.journey.request_information(body, facts, occurred_at=self._now())

    def _send(self) -> None:
        self._send_from_a_holder()

    def _close(self) -> None:
        cases = sorted(self.journey.open_cases)
        case = self._choose(cases)
        self._wait()
        self.journey.close_case(case.body, case.service, occurred_at=self._now())

    def _accept(self) -> None:
        self._accept_and_open(self._choose(self._pending()))

    def _reject(self) -> None:
        handoff = self._choose(self._pending())
        self._reject_handoff(handoff)

    def _open_again(self) -> None:
        body = self._choose(sorted(self._held))
        self._wait()
        self._open_case(body)

    def _walk_in(self) -> None:
        body = self._choose(self._newcomers())
        self._wait()
        self._open_case(body)

    # --- the citizen's voice (none of it a gap) ----------------------------------------

    def _speak(self) -> None:
        said: list[Step] = [self._give_feedback, self._complain]
        if any(not resolved for resolved in self._complaints.values()):
            said.append(self._resolve)
        self._choose(said)()

    def _give_feedback(self) -> None:
        body = self._choose(sorted(self._held))
        about = self._choose([*self._services_open_at(body), *ACTIVITIES])
        instrument = self._choose(INSTRUMENTS)
        answer = self._choose(list(bundled_instruments().get(instrument).answers))
        themes = self._choices.subset(THEMES, min_size=0, max_size=2)
        channel = self._choose(CHANNELS)
        reference = self._choose([None, f"comment-{self._choices.number(1, 99)}"])
        self._wait()
        self.journey.give_feedback(
            body,
            about,
            instrument,
            answer,
            occurred_at=self._now(),
            themes=themes,
            channel=channel,
            reference=reference,
        )

    def _complain(self) -> None:
        body = self._choose(sorted(self._held))
        about = self._choose([None, *self._services_open_at(body)])
        themes = self._choices.subset(THEMES, min_size=0, max_size=2)
        channel = self._choose(CHANNELS)
        complaint = f"c{len(self._complaints) + 1}"
        self._wait()
        self.journey.make_complaint(
            complaint, body, occurred_at=self._now(), about=about, themes=themes, channel=channel
        )
        self._complaints[complaint] = False

    def _resolve(self) -> None:
        complaint = self._choose([c for c, resolved in self._complaints.items() if not resolved])
        outcome = self._choose(COMPLAINT_OUTCOMES)
        self._wait()
        self.journey.resolve_complaint(complaint, occurred_at=self._now(), outcome=outcome)
        self._complaints[complaint] = True

    # --- injected gaps ----------------------------------------------------------------

    def _inject_required_gaps(self) -> None:
        injectors: dict[str, Step] = {
            "unheld_time": self._inject_unheld_time,
            "cold_transfer": self._inject_cold_transfer,
            "reask": self._inject_reask,
            "rejected_handoff": self._inject_rejected_handoff,
            "dropped_handoff": self._inject_dropped_handoff,
        }
        for kind in INJECTION_ORDER:
            if self._plan.requires(kind):
                injectors[kind]()

    def _inject_unheld_time(self) -> None:
        """Close every open case, wait, and take the citizen on again at a body that held them."""
        for case in sorted(self.journey.open_cases):
            self._wait()
            self.journey.close_case(case.body, case.service, occurred_at=self._now())
        self._wait()
        self._open_case(self._choose(sorted(self._held)))

    def _inject_cold_transfer(self) -> None:
        """Open a case at the reserved body, which nothing has held or handed off to."""
        assert self._cold_body is not None
        body, self._cold_body = self._cold_body, None
        self._wait()
        self._open_case(body)

    def _inject_reask(self) -> None:
        """Give the reserved fact to one holding body and have another holding body ask for it."""
        assert self._reask_fact is not None
        holders = self._holders()
        if len(holders) < 2:
            # A second body joins through an accepted hand-off that carries nothing.
            sender = self._choose(holders)
            receiver = self._choose([b for b in self._destinations() if b != sender])
            self._wait()
            handoff = self._send_handoff(sender, receiver, frozenset())
            self._accept_and_open(handoff)
            holders = self._holders()
        giver = self._choose(holders)
        asker = self._choose([b for b in holders if b != giver])
        self._wait()
        self._give(giver, frozenset({self._reask_fact}))
        self._wait()
        self.journey.request_information(asker, {self._reask_fact}, occurred_at=self._now())

    def _inject_rejected_handoff(self) -> None:
        """Send a hand-off from a holding body and have the receiver reject it."""
        handoff = self._send_from_a_holder()
        self._reject_handoff(handoff)

    def _inject_dropped_handoff(self) -> None:
        """Send a hand-off from a holding body that nobody ever answers."""
        self._dropped.add(self._send_from_a_holder().id)

    # --- answering and ending ---------------------------------------------------------

    def _answer_open_handoffs(self) -> None:
        answers = ["accept"]
        if self._plan.allows("rejected_handoff"):
            answers.append("reject")
        if self._plan.allows("dropped_handoff"):
            answers.append("leave")
        for handoff in self._pending():
            if handoff.id in self._dropped:
                continue
            answer = self._choose(answers)
            if answer == "accept":
                self._accept_and_open(handoff)
            elif answer == "reject":
                self._reject_handoff(handoff)

    def _end(self) -> None:
        cases = sorted(self.journey.open_cases)
        self._wait()
        close_cases = self._choices.flag() if cases else False
        if close_cases:
            for case in cases:
                self.journey.close_case(case.body, case.service, occurred_at=self._now())
            # Ending later than the last close leaves the citizen unheld until the end.
            if self._plan.allows("unheld_time") and self._choices.flag():
                self._wait()
        self.journey.end(occurred_at=self._now(), outcome=self._choose(OUTCOMES))
