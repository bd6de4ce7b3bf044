"""One observed journey's events gathered by kind, for :mod:`~journeys.simulation.journey_traces`.

Times are seconds from the journey's start. Hand-offs are gathered into chains:
a hand-off sent while an earlier one between the same two bodies is unanswered
or rejected is that one sent again, and the chain's first send keeps the
outcome and the delay before it was sent again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from journeys.journey import Journey

DECISION = "decision issued"
"""The milestone whose touchpoint (``"<service>: decision issued"``) dates a decision."""


class Case:
    """A case: when it opened, closed and decided, and the hand-off it was opened by."""

    __slots__ = ("body", "closed", "decided", "opened", "service", "via")

    def __init__(self, body: str, service: str, opened: float, via: str | None) -> None:
        self.body, self.service, self.opened, self.via = body, service, opened, via
        self.closed: float | None = None
        self.decided: float | None = None


class Send:
    """One send of a hand-off, with the first send of its chain."""

    __slots__ = ("answered", "first", "id", "items", "pair", "rejected", "resend", "sent")

    def __init__(
        self, handoff: str, pair: tuple[str, str], items: frozenset[str], sent: float
    ) -> None:
        self.id, self.pair, self.items, self.sent = handoff, pair, items, sent
        self.answered: float | None = None
        self.rejected = False
        self.first: Send = self
        self.resend: float | None = None


class _Facts:
    """Which facts each body holds and which the citizen told whom, as events come."""

    def __init__(self) -> None:
        self.known: dict[str, set[str]] = {}
        self.told: dict[str, set[str]] = {}

    def told_elsewhere(self, body: str) -> frozenset[str]:
        """Facts the citizen told other bodies that ``body`` does not hold."""
        others = set().union(*(items for teller, items in self.told.items() if teller != body))
        return frozenset(others - self.known.get(body, set()))


@attrs.define
class Gathered:
    """One journey's cases, sends, chains and facts asked for (by case number)."""

    """One journey's events gathered by kind (times in seconds from its start)."""

    cases: list[Case] = attrs.Factory(list)
    sends: dict[str, Send] = attrs.Factory(dict)
    chains: list[Send] = attrs.Factory(list)
    again: dict[int, frozenset[str]] = attrs.Factory(dict)
    requested: dict[int, frozenset[str]] = attrs.Factory(dict)
    cycle: float | None = None


def gather(events: list[Journey.Event], began: datetime) -> Gathered:
    """Gather a journey's events after its start (``began``)."""
    found = Gathered()
    facts = _Facts()
    open_cases: dict[tuple[str, str], int] = {}
    for event in events:
        now = (event.occurred_at - began).total_seconds()
        if isinstance(event, Journey.CaseOpened):
            open_cases[(event.body, event.service)] = len(found.cases)
            found.again[len(found.cases)] = facts.told_elsewhere(event.body)
            found.cases.append(Case(event.body, event.service, now, event.via_handoff))
        elif isinstance(event, Journey.CaseClosed):
            closing = open_cases.pop((event.body, event.service), None)
            if closing is not None:
                found.cases[closing].closed = now
        elif isinstance(event, Journey.Touchpoint):
            deciding = open_cases.get((event.body, event.service or ""))
            if deciding is not None and event.activity.endswith(DECISION):
                found.cases[deciding].decided = now
        elif isinstance(event, Journey.InformationRequested):
            asking = max((i for (b, _), i in open_cases.items() if b == event.body), default=None)
            if asking is not None and asking not in found.requested:
                found.requested[asking] = event.items
                found.again[asking] = facts.told_elsewhere(event.body)
        elif isinstance(event, Journey.InformationProvided):
            facts.known.setdefault(event.body, set()).update(event.items)
            facts.told.setdefault(event.body, set()).update(event.items)
        elif isinstance(event, Journey.HandoffSent):
            pair = (event.from_body, event.to_body)
            found.sends[event.handoff] = Send(event.handoff, pair, event.items, now)
        elif isinstance(event, Journey.HandoffAccepted | Journey.HandoffRejected):
            answered = found.sends.get(event.handoff)
            if answered is not None:
                answered.answered = now
                answered.rejected = isinstance(event, Journey.HandoffRejected)
                if not answered.rejected:
                    facts.known.setdefault(answered.pair[1], set()).update(answered.items)
        elif isinstance(event, Journey.Ended):
            found.cycle = now
    found.chains = _chains(found.sends.values())
    return found


def _chains(sends: Iterable[Send]) -> list[Send]:
    """Link each send to the chain it continues; return each chain's first send.

    A send continues the last send between the same two bodies if that one was
    never answered (dropped), or was rejected before it: judged once the whole
    journey is read, so two hand-offs in flight at once are not taken for one.
    """
    chains: list[Send] = []
    tails: dict[tuple[str, str], Send] = {}
    for send in sends:
        tail = tails.get(send.pair)
        dropped = tail is not None and tail.answered is None
        rejected = tail is not None and tail.rejected and (tail.answered or 0.0) <= send.sent
        if tail is not None and (dropped or rejected):
            # Sent again: the chain's first send keeps the outcome and the resend delay.
            send.first = tail.first
            if send.first.resend is None:
                noticed = tail.answered if rejected and tail.answered is not None else tail.sent
                send.first.resend = send.sent - noticed
        else:
            chains.append(send)
        tails[send.pair] = send
    return chains
