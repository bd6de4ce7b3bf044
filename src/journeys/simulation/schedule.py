"""The schedule of one simulated journey: what happens, when, and then the journey itself.

A journey is planned in two passes over the steps a citizen takes, then recorded
through the :class:`~journeys.journey.Journey` command methods in time order.

**Who holds the citizen, and when.** Every step but the first is reached from an
earlier one, its *parent*: the step an expected hand-off comes from, or else the
step just before it. The citizen reaches it in one of four ways:

- by the blueprint's hand-off from the parent (the usual way);
- by a referral: a hand-off the simulator adds where the blueprint expects none;
- on their own, with no hand-off: a cold transfer (``Failures.cold_transfer``
  where a hand-off was expected, ``Failures.self_referral`` where none was);
- directly, when the step's body already held the citizen earlier in the same
  line of steps: that body simply starts its next service.

A parent keeps its case open until each of its children has taken the citizen
on, so that cases overlap and the citizen is always held, unless
``Failures.unheld_time`` has it close as soon as its own work is done. A hand-off
may be dropped or rejected and is then sent again. The first step opens at the
life event and the journey ends when the last case closes, so a journey with no
failures has no unheld time at either edge.

**Facts.** A step's body asks for the facts the step needs that it does not
have (brought by an accepted hand-off, told to it before, or produced by one of
its own earlier steps: a step's ``provides`` are known to its body once its work
is done) and the citizen provides them. Facts the citizen already told another
body are asked for again only when ``Failures.reask`` says so. This pass runs in
time order, after the first, so "before" means before in the journey.

**Automatic steps** (``Behaviour.automatic_steps``) are done by the body from
the data it holds: the work takes ``Delays.automatic``, the citizen is asked
for nothing, and the case records only its decision as a touchpoint.

**The citizen's voice.** With a :class:`~journeys.simulation.Voice`, each case
gets a channel, and the citizen's feedback and complaints after each step are
planned last, from the gaps this schedule injected and when (see
:mod:`journeys.simulation.voice_plan`).

**Draws.** Every random draw is keyed by the step or hand-off it is for and its
purpose, within the journey's stream (:class:`~journeys.simulation.draws.Draws`):
the same citizen meets the same luck in two designs wherever they agree, and a
voice (whose draws have purposes of their own) changes nothing else.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from itertools import accumulate
from uuid import UUID

from journeys.blueprints import NationalStep
from journeys.blueprints.validity import journey_date
from journeys.journey import Journey
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.design import Design
from journeys.simulation.distributions import LogNormal
from journeys.simulation.draws import Draws
from journeys.simulation.step_run import StepRun
from journeys.simulation.voice_plan import Met, Speaker, StepSaid

# Where in a step's work (0: case opened, 1: work done) things happen.
_ASK_AT, _TELL_AT = 0.1, 0.3
_MILESTONE_AT = (0.05, 0.5, 0.9)

# Kinds of marker in the facts pass.
_ACCEPTED, _ASKED, _TOLD, _PRODUCED = range(4)

REJECTION_REASONS: tuple[str, ...] = (
    "incomplete information",
    "not our area",
    "not eligible yet",
    "duplicate referral",
)
"""Reasons a simulated body gives for rejecting a hand-off."""

Action = tuple[float, int, Callable[..., None]]
"""``(seconds after the life event, sequence number, command awaiting occurred_at)``."""

Marker = tuple[float, int, int, "StepRun | None", str, frozenset[str]]
"""``(time, sequence number, kind, step run, body, items)`` in the facts pass."""


class Schedule:
    """Plans one journey and records it; one per journey (internal; see the module docs)."""

    __slots__ = (
        "_accepted",
        "_actions",
        "_journey",
        "_met",
        "_seq",
        "_touchpoint_weights",
        "behaviour",
        "delays",
        "draws",
        "speaker",
    )

    def __init__(
        self,
        draws: Draws,
        delays: Delays,
        behaviour: Behaviour,
        speaker: Speaker | None = None,
    ) -> None:
        self.draws = draws
        self.speaker = speaker
        # The gaps injected, with when the citizen met them (for the voice).
        self._met: list[Met] = []
        self.delays = delays
        self.behaviour = behaviour
        self._actions: list[Action] = []
        self._seq = 0
        self._accepted: list[Marker] = []
        self._touchpoint_weights = list(accumulate(behaviour.touchpoints_per_case))

    def build(
        self, design: Design, *, journey_id: UUID, citizen: str, started_at: datetime
    ) -> Journey:
        """Plan a journey through ``design`` and record it as a new :class:`Journey`."""
        self._journey = Journey.start(
            citizen=citizen,
            trigger=design.blueprint.trigger,
            nation=design.blueprint.nation,
            occurred_at=started_at,
            id=journey_id,
        )
        steps = design.choose_steps(
            self.draws, self.behaviour.optional_steps, journey_date(started_at)
        )
        runs = self._plan_steps(design, steps)
        end_at = self._plan_closing(runs)
        self._plan_facts(design, runs)
        if self.speaker is not None:
            said = []
            for run in runs:
                step = StepSaid(
                    run.step.body, run.step.service, run.open_at, run.done_at, run.channel
                )
                step.close_at = run.close_at
                said.append(step)
            for at, command in self.speaker.plan(
                self._journey, self.draws, said, self._met, end_at
            ):
                self._add(at, command)
        self._actions.sort(key=_by_time)
        journey = self._journey
        for at, _, command in self._actions:
            command(occurred_at=started_at + timedelta(seconds=at))
        journey.end(occurred_at=started_at + timedelta(seconds=end_at))
        return journey

    # --- pass one: cases and hand-offs ----------------------------------------------

    def _add(self, at: float, command: Callable[..., None]) -> int:
        self._seq += 1
        self._actions.append((at, self._seq, command))
        return self._seq

    def _plan_steps(self, design: Design, steps: list[NationalStep]) -> list[StepRun]:
        draws, delays = self.draws, self.delays
        runs: dict[str, StepRun] = {}
        previous: StepRun | None = None
        for step in steps:
            if previous is None:
                run = self._open(design, step, 0.0, None, frozenset())
            else:
                expected = next(
                    (h for h in design.incoming.get(step.id, ()) if h.from_step in runs), None
                )
                parent = runs[expected.from_step] if expected is not None else previous
                known = step.body in parent.lineage
                rates = design.step_rates[step.id]
                handoff_id: str | None = None
                items: frozenset[str] = frozenset()
                if expected is not None:
                    if known or draws.uniform(step.id, "cold_transfer") >= rates.cold_transfer:
                        handoff_id, items = expected.id, expected.items
                elif not known and draws.uniform(step.id, "self_referral") >= rates.self_referral:
                    handoff_id = f"referral:{parent.step.id}:{step.id}"
                    items = step.needs & (parent.step.needs | parent.step.provides)
                if handoff_id is not None:
                    delay = design.handoff_delay.get(handoff_id, delays.handoff)
                    at, via = self._hand_off(design, parent, step, handoff_id, items, delay)
                    run = self._open(design, step, at, via, parent.lineage)
                elif known:
                    wait = delays.next_service.from_normal(draws.gauss(step.id, "next_service"))
                    run = self._open(design, step, parent.done_at + wait, None, parent.lineage)
                else:
                    wait = delays.self_referral.from_normal(draws.gauss(step.id, "find_body"))
                    at = parent.done_at + wait
                    run = self._open(design, step, at, None, parent.lineage)
                    self._met.append((at, "cold_transfer"))
                parent.children_open.append(run.open_at)
            unheld = design.step_rates[step.id].unheld_time
            if draws.uniform(step.id, "unheld_time") < unheld:
                run.waits = False
            runs[step.id] = run
            previous = run
        return list(runs.values())

    def _hand_off(
        self,
        design: Design,
        parent: StepRun,
        step: NationalStep,
        handoff_id: str,
        items: frozenset[str],
        delay: LogNormal,
    ) -> tuple[float, str]:
        """Send a hand-off from ``parent`` to ``step``'s body; return when it was
        accepted and which hand-off was (a dropped or rejected one is sent again)."""
        draws, journey, resend = self.draws, self._journey, self.delays.resend
        rates = design.rates_of_handoff(handoff_id)
        key = handoff_id
        sender, receiver = parent.step.body, step.body
        sent_at = parent.done_at
        self._add(
            sent_at,
            partial(
                journey.send_handoff, handoff_id, from_body=sender, to_body=receiver, items=items
            ),
        )
        latency = delay.from_normal(draws.gauss(key, "latency"))
        outcome = draws.uniform(key, "outcome")
        if outcome < rates.dropped + rates.rejected:
            if outcome < rates.dropped:
                resent_at = sent_at + resend.from_normal(draws.gauss(key, "resend"))
                self._met.append((resent_at, "dropped_handoff"))
            else:
                rejected_at = sent_at + latency
                reason = REJECTION_REASONS[
                    int(draws.uniform(key, "reason") * len(REJECTION_REASONS))
                ]
                self._add(rejected_at, partial(journey.reject_handoff, handoff_id, reason=reason))
                self._met.append((rejected_at, "rejected_handoff"))
                resent_at = rejected_at + resend.from_normal(draws.gauss(key, "resend"))
            handoff_id = f"{handoff_id}:2"
            self._add(
                resent_at,
                partial(
                    journey.send_handoff,
                    handoff_id,
                    from_body=sender,
                    to_body=receiver,
                    items=items,
                ),
            )
            latency = delay.from_normal(draws.gauss(key, "latency_again"))
            sent_at = resent_at
        accepted_at = sent_at + latency
        seq = self._add(accepted_at, partial(journey.accept_handoff, handoff_id))
        self._accepted.append((accepted_at, seq, _ACCEPTED, None, receiver, items))
        return accepted_at, handoff_id

    def _open(
        self,
        design: Design,
        step: NationalStep,
        at: float,
        via: str | None,
        lineage: frozenset[str],
    ) -> StepRun:
        draws, journey = self.draws, self._journey
        work = design.step_delay[step.id].from_normal(draws.gauss(step.id, "work"))
        channel: str | None = None
        if self.speaker is not None:
            channel = self.speaker.channel(draws, step.id, design.blueprint.nation)
        automatic = step.id in design.automatic
        run = StepRun(step, at, work, lineage | {step.body}, channel, automatic)
        self._add(
            at,
            partial(journey.open_case, step.body, step.service, via_handoff=via, channel=channel),
        )
        cumulative = self._touchpoint_weights
        # An automatic step's only touchpoint is its decision.
        count = (
            1
            if automatic
            else bisect(cumulative, draws.uniform(step.id, "touchpoints") * cumulative[-1])
        )
        activities = design.activities[step.id]
        for index in range(len(activities) - count, len(activities)):
            self._add(
                at + work * _MILESTONE_AT[index],
                partial(
                    journey.touchpoint,
                    step.body,
                    activities[index],
                    service=step.service,
                    channel=channel,
                ),
            )
        return run

    def _plan_closing(self, runs: list[StepRun]) -> float:
        """Close every case; return when the journey ends (the last case closing)."""
        end_at = 0.0
        for run in runs:
            close_at = run.done_at
            if run.waits and run.children_open:
                close_at = max(close_at, *run.children_open)
            run.close_at = close_at
            self._add(close_at, partial(self._journey.close_case, run.step.body, run.step.service))
            end_at = max(end_at, close_at)
        return end_at

    # --- pass two: facts, in time order ------------------------------------------------

    def _plan_facts(self, design: Design, runs: list[StepRun]) -> None:
        markers = list(self._accepted)
        for planned in runs:
            # A body knows what its own steps produced from the moment the work is done,
            # so a later step of the same body does not ask the citizen for it.
            if planned.step.provides:
                self._seq += 1
                markers.append(
                    (
                        planned.done_at,
                        self._seq,
                        _PRODUCED,
                        None,
                        planned.step.body,
                        planned.step.provides,
                    )
                )
            # An automatic step works from the data its body holds: it asks for nothing.
            if planned.step.needs and not planned.automatic:
                for kind, fraction in ((_ASKED, _ASK_AT), (_TOLD, _TELL_AT)):
                    self._seq += 1
                    at = planned.open_at + planned.work * fraction
                    markers.append((at, self._seq, kind, planned, planned.step.body, frozenset()))
        markers.sort(key=_by_time)
        draws, journey = self.draws, self._journey
        known: dict[str, set[str]] = {}
        told: set[str] = set()
        asked: dict[StepRun, frozenset[str]] = {}
        for at, seq, kind, run, body, items in markers:
            if kind in (_ACCEPTED, _PRODUCED):
                known.setdefault(body, set()).update(items)
            elif kind == _ASKED:
                assert run is not None
                missing = run.step.needs - known.get(body, set())
                fresh = missing - told
                again = missing & told
                rate = design.step_rates[run.step.id].reask
                if again and draws.uniform(run.step.id, "reask") < rate:
                    wanted = fresh | again
                else:
                    wanted = fresh
                if wanted & again:
                    self._met.append((at, "reask"))
                if wanted:
                    asked[run] = wanted
                    command = partial(journey.request_information, body, wanted)
                    self._actions.append((at, seq, command))
            elif run is not None and (given := asked.get(run)) is not None:
                self._actions.append((at, seq, partial(journey.provide_information, body, given)))
                told.update(given)
                known.setdefault(body, set()).update(given)


def _by_time(entry: tuple[float, int, object] | Marker) -> tuple[float, int]:
    return entry[0], entry[1]
