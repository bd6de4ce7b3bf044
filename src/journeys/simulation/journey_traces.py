"""What one observed journey says about the simulator's delays and failures.

:func:`journey_traces` reads journey events and reduces each journey to a
:class:`JourneyTrace`: its cases (one per body and service) and its hand-off
chains, each with the intervals and outcomes calibration fits. It reads the
events the way :mod:`journeys.simulation.schedule` writes them:

- **Steps, order and parent.** With a blueprint, a case is the step with its body
  and service that is in force on the journey's date (and, of two, the one its
  hand-off is expected into); cases are ordered by their steps' order in the
  blueprint (cases no step matches come last, by opening time) and each case's
  *parent* is the case its expected hand-off comes from, or else the case before
  it: the schedule's own rule.
  Without one, cases are ordered by opening time and the parent is the case of
  the body that sent the hand-off the case was opened by, or else the case
  opened just before.
- **Work.** A case's work runs from its opening to the first hand-off its body
  sends to a child case (the schedule sends every hand-off the moment the work
  is done); failing that, to its decision touchpoint (recorded at
  :data:`DECISION_AT` of the work); failing that, to its closing, when no child
  case had opened by then (a case waiting for a child closes later than its
  work is done).
- **Arrival.** A case opened by a hand-off arrived by it; otherwise, by a body
  that already held the citizen on the line of cases leading to it, the body
  simply started its next service; otherwise the citizen came on their own.
  The last two wait from the parent's work being done to the opening.
- **Hand-off chains.** A hand-off sent after an earlier one between the same two
  bodies that was never answered, or was rejected, is that one sent again; the
  chain's first send decides whether it was dropped, rejected or accepted (see
  :mod:`~journeys.simulation.journey_events`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from uuid import UUID

import attrs

from journeys.blueprints import Blueprint, NationalBlueprint, NationalHandoff
from journeys.blueprints.validity import journey_date
from journeys.bodies import Nation
from journeys.journey import Journey
from journeys.simulation.journey_events import Case, Gathered, Send, gather

DECISION_AT = 0.9
"""Where in a body's work the simulator records its decision touchpoint (see
``_MILESTONE_AT`` in :mod:`journeys.simulation.schedule`): the work time is the
time to the decision divided by this."""


@attrs.frozen
class CaseTrace:
    """One case of an observed journey, as calibration reads it.

    Times are seconds from the journey's start. ``key`` is the blueprint step id,
    or ``"body/service"`` where no step matches. ``work`` is ``None`` where the
    events do not date the end of the work; ``wait`` (parent's work done to this
    opening) is set for arrivals by ``next_service`` and ``own``. ``expected``
    says whether the blueprint expects a hand-off into the step from a case of
    this journey (``None``: no blueprint). ``unheld`` is ``None`` for a case with
    no child. ``again`` are the facts the citizen had told other bodies and this
    one did not have when it asked (or opened, if it asked nothing);
    ``requested`` what it asked for.
    """

    key: str
    body: str
    service: str
    arrival: str
    known_body: bool
    expected: bool | None
    work: float | None
    wait: float | None
    unheld: bool | None
    again: frozenset[str]
    requested: frozenset[str]
    needs: frozenset[str] | None


@attrs.frozen
class HandoffTrace:
    """One hand-off chain: ``outcome`` of its first send (``accepted``, ``rejected``
    or ``dropped``), the answer time of every answered send, and the resend delay
    (from the drop's send or the rejection to the next send)."""

    key: str
    outcome: str
    answers: tuple[float, ...]
    resend: float | None


@attrs.frozen
class JourneyTrace:
    """An observed journey reduced to what calibration fits (``cycle``: seconds from
    start to end, ``None`` while it goes on)."""

    citizen: str
    trigger: str
    nation: Nation
    cycle: float | None
    cases: tuple[CaseTrace, ...]
    handoffs: tuple[HandoffTrace, ...]


def journey_traces(
    events: Iterable[Journey.Event], blueprints: Iterable[Blueprint] = ()
) -> Iterator[JourneyTrace]:
    """The trace of every journey in ``events`` (each journey's events in order;
    journeys may interleave), as each ends; journeys still going on come last."""
    designs = _Designs(tuple(blueprints))
    pending: dict[UUID, list[Journey.Event]] = {}
    for event in events:
        if isinstance(event, Journey.Started):
            pending[event.originator_id] = [event]
            continue
        found = pending.get(event.originator_id)
        if found is None:
            continue  # a journey whose start is not in the events cannot be timed
        found.append(event)
        if isinstance(event, Journey.Ended):
            yield _trace(pending.pop(event.originator_id), designs)
    for found in pending.values():
        yield _trace(found, designs)


class _Designs:
    """The national blueprints of the given blueprints, resolved once each."""

    def __init__(self, blueprints: tuple[Blueprint, ...]) -> None:
        self._blueprints = blueprints
        self._national: dict[tuple[str, Nation], NationalBlueprint] = {}

    def candidates(self, trigger: str, nation: Nation) -> list[NationalBlueprint]:
        found = []
        for blueprint in self._blueprints:
            if blueprint.trigger == trigger and nation in blueprint.nations:
                key = (blueprint.id, nation)
                if key not in self._national:
                    self._national[key] = blueprint.for_nation(nation)
                found.append(self._national[key])
        return found


def _trace(events: list[Journey.Event], designs: _Designs) -> JourneyTrace:
    start = events[0]
    assert isinstance(start, Journey.Started)
    found = gather(events[1:], start.occurred_at)
    design = _best_design(designs.candidates(start.trigger, start.nation), found.cases)
    reader = _Reader(design, found, journey_date(start.occurred_at))
    return JourneyTrace(
        citizen=start.citizen,
        trigger=start.trigger,
        nation=start.nation,
        cycle=found.cycle,
        cases=reader.cases(),
        handoffs=reader.handoffs(ended=found.cycle is not None),
    )


def _best_design(
    candidates: list[NationalBlueprint], cases: list[Case]
) -> NationalBlueprint | None:
    """The candidate whose steps match the most of the journey's cases (the first of
    equals); ``None`` if none matches any."""
    best, matched = None, 0
    for design in candidates:
        services = {(step.body, step.service) for step in design.steps}
        count = sum((case.body, case.service) in services for case in cases)
        if count > matched:
            best, matched = design, count
    return best


class _Reader:
    """Puts one journey's cases in order, finds each one's parent, and reads them."""

    def __init__(self, design: NationalBlueprint | None, found: Gathered, on: date) -> None:
        self.design, self.found = design, found
        cases = found.cases
        self.step_of = [self._step_number(case, on) for case in cases]
        unmatched = len(design.steps) + 1 if design is not None else 0
        self.order = sorted(
            range(len(cases)),
            key=lambda i: (_or(self.step_of[i], unmatched), cases[i].opened, i),
        )
        self.parent: dict[int, int] = {}
        self.expected: dict[int, NationalHandoff | None] = {}
        self._find_parents()

    def _step_number(self, case: Case, on: date) -> int | None:
        """The number of the step ``case`` was, in the design's order: of the steps with
        its body and service, one in force on the journey's date (as the simulator
        chooses them), and of those the one its hand-off is expected into."""
        if self.design is None:
            return None
        steps = self.design.steps
        matching = [
            n for n, s in enumerate(steps) if (s.body, s.service) == (case.body, case.service)
        ]
        in_force = [n for n in matching if steps[n].in_force(on)] or matching
        send = self.found.sends.get(case.via or "")
        if send is not None:
            into = {h.to_step for h in self.design.handoffs if h.id == send.first.id}
            by_handoff = [n for n in in_force if steps[n].id in into]
            in_force = by_handoff or in_force
        return in_force[0] if in_force else None

    def _find_parents(self) -> None:
        design = self.design
        incoming: dict[str, list[NationalHandoff]] = {}
        if design is not None:
            for handoff in design.handoffs:
                incoming.setdefault(handoff.to_step, []).append(handoff)
        taken: dict[str, int] = {}
        previous: int | None = None
        for i in self.order:
            number = self.step_of[i]
            step = design.steps[number] if design is not None and number is not None else None
            if previous is not None:
                expected = None
                if step is not None:
                    expected = next(
                        (h for h in incoming.get(step.id, ()) if h.from_step in taken), None
                    )
                self.expected[i] = expected
                if expected is not None:
                    self.parent[i] = taken[expected.from_step]
                elif design is None and (sender := self._sender(i)) is not None:
                    self.parent[i] = sender
                else:
                    self.parent[i] = previous
            if step is not None:
                taken.setdefault(step.id, i)
            previous = i
        self.children: dict[int, list[int]] = {}
        for child, parent in self.parent.items():
            self.children.setdefault(parent, []).append(child)

    def _sender(self, i: int) -> int | None:
        """The latest case opened before case ``i`` by the body that sent its hand-off."""
        cases = self.found.cases
        send = self.found.sends.get(cases[i].via or "")
        if send is None:
            return None
        before = [j for j in self.order if j != i and cases[j].opened <= send.sent]
        return next((j for j in reversed(before) if cases[j].body == send.pair[0]), None)

    def chain_of(self, i: int) -> Send | None:
        """The first send of the hand-off chain that opened case ``i``."""
        send = self.found.sends.get(self.found.cases[i].via or "")
        return send.first if send is not None else None

    def work_done(self, i: int) -> float | None:
        """When case ``i``'s work was done, in seconds from the journey's start."""
        case = self.found.cases[i]
        children = self.children.get(i, [])
        sent = [
            chain.sent
            for child in children
            if (chain := self.chain_of(child)) is not None and chain.pair[0] == case.body
        ]
        if sent:
            return min(sent)
        if case.decided is not None:
            return case.opened + (case.decided - case.opened) / DECISION_AT
        if case.closed is not None and all(
            self.found.cases[child].opened > case.closed for child in children
        ):
            return case.closed
        return None

    def cases(self) -> tuple[CaseTrace, ...]:
        found, design = self.found, self.design
        done = {i: self.work_done(i) for i in self.order}
        lineage: dict[int, frozenset[str]] = {}
        traced = []
        for i in self.order:
            case = found.cases[i]
            parent = self.parent.get(i)
            held = lineage[parent] if parent is not None else frozenset()
            lineage[i] = held | {case.body}
            known_body = case.body in held
            if parent is None:
                arrival = "first"
            elif case.via is not None:
                arrival = "handoff"
            else:
                arrival = "next_service" if known_body else "own"
            parent_done = done[parent] if parent is not None else None
            wait = None
            if arrival in ("next_service", "own") and parent_done is not None:
                wait = case.opened - parent_done
            children = self.children.get(i, [])
            unheld = None
            if children and case.closed is not None:
                unheld = case.closed < max(found.cases[child].opened for child in children)
            number = self.step_of[i]
            step = design.steps[number] if design is not None and number is not None else None
            finished = done[i]
            work = finished - case.opened if finished is not None else None
            traced.append(
                CaseTrace(
                    key=step.id if step is not None else f"{case.body}/{case.service}",
                    body=case.body,
                    service=case.service,
                    arrival=arrival,
                    known_body=known_body,
                    expected=None if design is None else self.expected.get(i) is not None,
                    work=work if work is not None and work > 0 else None,
                    wait=wait if wait is not None and wait > 0 else None,
                    unheld=unheld,
                    again=found.again.get(i, frozenset()),
                    requested=found.requested.get(i, frozenset()),
                    needs=step.needs if step is not None else None,
                )
            )
        return tuple(traced)

    def handoffs(self, *, ended: bool) -> tuple[HandoffTrace, ...]:
        found = self.found
        ids = {h.id for h in self.design.handoffs} if self.design is not None else set()
        carried: dict[int, str] = {}
        for i in self.order:
            chain, expected = self.chain_of(i), self.expected.get(i)
            if chain is not None and expected is not None:
                carried[id(chain)] = expected.id
        answers: dict[int, list[float]] = {}
        for send in found.sends.values():
            if send.answered is not None:
                answers.setdefault(id(send.first), []).append(send.answered - send.sent)
        traced = []
        for chain in found.chains:
            if chain.answered is None and chain.resend is None and not ended:
                continue  # still in flight: neither dropped nor answered yet
            if chain.answered is None:
                outcome = "dropped"
            else:
                outcome = "rejected" if chain.rejected else "accepted"
            key = chain.id if chain.id in ids else carried.get(id(chain))
            traced.append(
                HandoffTrace(
                    key=key if key is not None else f"{chain.pair[0]}→{chain.pair[1]}",
                    outcome=outcome,
                    answers=tuple(answers.get(id(chain), ())),
                    resend=chain.resend,
                )
            )
        return tuple(traced)


def _or(value: int | None, default: int) -> int:
    return default if value is None else value
