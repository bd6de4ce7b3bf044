"""The journey a :class:`~journeys.testing._builder.JourneyBuilder` is building, and what it allows.

:class:`JourneySoFar` holds the journey, its clock and the builder's choices. It
records each command while keeping track of what the construction rules depend
on (the bodies that have held a case, where each fact was given, the last
touchpoint, the hand-offs to leave unanswered), and answers which bodies, facts
and hand-offs the next step may use. The rules themselves are set out in
:mod:`journeys.testing._builder`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from hypothesis import strategies as st

from journeys.bodies import Catalogue
from journeys.journey import Handoff, HandoffStatus, Journey
from journeys.testing._choices import Chooser
from journeys.testing._gap_plan import GapPlan
from journeys.testing._names import FACTS, REJECTION_REASONS, SERVICES
from journeys.voice.channels import Channel

CHANNELS: tuple[str | None, ...] = (None, *(channel.value for channel in Channel))
"""The channels a case or touchpoint may name, none first (the simplest)."""

T = TypeVar("T")

MAX_HOURS_PER_STEP = 48
"""The longest a generated step waits after the previous one."""


class JourneySoFar:
    """A journey under construction: records commands and answers what the next step may use.

    It reserves, before the journey starts, a body for the cold transfer and a
    fact for the re-ask when the plan requires them, so that the walk never
    touches what the injected gaps will use.
    """

    journey: Journey

    def __init__(
        self,
        draw: st.DrawFn,
        *,
        catalogue: Catalogue,
        plan: GapPlan,
        start: datetime,
        voice: bool = True,
    ) -> None:
        self._choices = Chooser(draw)
        # Whether the journey may carry the citizen's voice: channels, feedback, complaints.
        self._voice = voice
        # Each complaint made, by id, and whether it is resolved.
        self._complaints: dict[str, bool] = {}
        self._catalogue = catalogue
        self._plan = plan
        self._start = start
        self._hours = 0
        # Reserved so that the injected cold transfer and re-ask are the walk's
        # untouched resources, whatever the walk did.
        self._cold_body: str | None = None
        if plan.requires("cold_transfer"):
            self._cold_body = self._choose(list(catalogue))
        self._reask_fact: str | None = None
        if plan.requires("reask"):
            self._reask_fact = self._choose(FACTS)
        self._walk_facts = tuple(fact for fact in FACTS if fact != self._reask_fact)
        self._held: set[str] = set()
        self._given: dict[str, set[str]] = {}
        self._last_touch_body: str | None = None
        self._unheld_since_last_touch = False
        self._dropped: set[str] = set()
        self._handoff_count = 0

    # --- recording ----------------------------------------------------------------------

    def _open_case(self, body: str, *, via_handoff: str | None = None) -> None:
        if not self.journey.open_cases and self._held:
            self._unheld_since_last_touch = True
        self.journey.open_case(
            body,
            self._free_service(body),
            occurred_at=self._now(),
            via_handoff=via_handoff,
            channel=self._channel(),
        )
        self._held.add(body)

    def _give(self, body: str, facts: frozenset[str]) -> None:
        self.journey.provide_information(body, facts, occurred_at=self._now())
        for fact in facts:
            self._given.setdefault(fact, set()).add(body)

    def _send_handoff(self, sender: str, receiver: str, facts: frozenset[str]) -> Handoff:
        self._handoff_count += 1
        handoff_id = f"h{self._handoff_count}"
        self.journey.send_handoff(
            handoff_id, from_body=sender, to_body=receiver, occurred_at=self._now(), items=facts
        )
        return self.journey.handoffs[handoff_id]

    def _send_from_a_holder(self) -> Handoff:
        sender = self._choose(self._senders())
        receiver = self._choose([b for b in self._destinations() if b != sender])
        self._wait()
        return self._send_handoff(sender, receiver, self._facts(self._walk_facts, min_size=0))

    def _accept_and_open(self, handoff: Handoff) -> None:
        # The case opens at the instant of acceptance: an accepted hand-off whose
        # case is not yet open would be a moment with nobody holding the citizen.
        self._wait()
        self.journey.accept_handoff(handoff.id, occurred_at=self._now())
        self._open_case(handoff.to_body, via_handoff=handoff.id)

    def _reject_handoff(self, handoff: Handoff) -> None:
        self._wait()
        self.journey.reject_handoff(
            handoff.id, occurred_at=self._now(), reason=self._choose(REJECTION_REASONS)
        )

    # --- queries over the journey so far ----------------------------------------------

    def _holders(self) -> list[str]:
        return sorted({case.body for case in self.journey.open_cases})

    def _senders(self) -> list[str]:
        """Holding bodies with somewhere to hand the citizen on to."""
        return [b for b in self._holders() if any(d != b for d in self._destinations())]

    def _services_open_at(self, body: str) -> list[str]:
        return sorted(case.service for case in self.journey.open_cases if case.body == body)

    def _free_service(self, body: str) -> str:
        taken = set(self._services_open_at(body))
        free = [service for service in SERVICES if service not in taken]
        if free:
            return self._choose(free)
        # More cases open at one body than there are service names: number them.
        number = 2
        while f"{SERVICES[0]}-{number}" in taken:
            number += 1
        return f"{SERVICES[0]}-{number}"

    def _destinations(self) -> list[str]:
        """Bodies the walk may hand the citizen to: all but the one reserved to be walked into."""
        return [body for body in self._catalogue if body != self._cold_body]

    def _newcomers(self) -> list[str]:
        """Bodies a case opened at now would be a cold transfer."""
        accepted_into = {
            h.to_body for h in self.journey.handoffs.values() if h.status == HandoffStatus.ACCEPTED
        }
        return [b for b in self._destinations() if b not in self._held | accepted_into]

    def _pending(self) -> list[Handoff]:
        return [h for h in self.journey.unanswered_handoffs() if h.id not in self._dropped]

    def _touchable(self) -> list[str]:
        return [
            body
            for body in self._holders()
            if not (self._unheld_since_last_touch and body == self._last_touch_body)
        ]

    def _carried_to(self, body: str) -> frozenset[str]:
        carried: set[str] = set()
        for handoff in self.journey.handoffs.values():
            if handoff.to_body == body and handoff.status == HandoffStatus.ACCEPTED:
                carried |= handoff.items
        return frozenset(carried)

    def _askable(self, body: str) -> list[str]:
        if self._plan.allows("reask"):
            return list(self._walk_facts)
        carried = self._carried_to(body)
        return [
            fact
            for fact in self._walk_facts
            if fact in carried or not (self._given.get(fact, set()) - {body})
        ]

    def _askers(self) -> list[str]:
        return [body for body in self._holders() if self._askable(body)]

    # --- drawing helpers --------------------------------------------------------------

    def _choose(self, options: Sequence[T]) -> T:
        return self._choices.choose(options)

    def _facts(self, options: Sequence[str], *, min_size: int) -> frozenset[str]:
        return frozenset(self._choices.subset(options, min_size=min_size, max_size=3))

    def _channel(self) -> str | None:
        """A channel for a case or touchpoint (none without the voice, drawing nothing)."""
        return self._choose(CHANNELS) if self._voice else None

    def _wait(self) -> None:
        self._hours += self._choices.number(1, MAX_HOURS_PER_STEP)

    def _now(self) -> datetime:
        return self._start + timedelta(hours=self._hours)
