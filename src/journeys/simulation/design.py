"""A blueprint's design for one nation, prepared for simulating many journeys quickly.

:class:`Design` resolves, once per blueprint and nation, what every simulated
journey would otherwise look up again: which stages are alternatives, the
hand-offs expected into each step, and each step's and hand-off's delays and
failure rates. Its :meth:`Design.choose_steps` picks the steps one citizen takes.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import attrs

from journeys.blueprints import Logic, NationalBlueprint, NationalHandoff, NationalStep, StepStyle
from journeys.simulation.behaviour import MILESTONES, Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.distributions import LogNormal
from journeys.simulation.draws import Draws
from journeys.simulation.failures import Failures


class StepRates(NamedTuple):
    """One step's failure rates, every one given (internal)."""

    reask: float
    unheld_time: float
    cold_transfer: float
    self_referral: float


class HandoffRates(NamedTuple):
    """One hand-off's failure rates, both given (internal)."""

    dropped: float
    rejected: float


class Design:
    """A :class:`~journeys.blueprints.NationalBlueprint` ready to simulate (internal)."""

    __slots__ = (
        "activities",
        "automatic",
        "blueprint",
        "failures",
        "handoff_delay",
        "handoff_rates",
        "incoming",
        "slots",
        "step_delay",
        "step_rates",
    )

    def __init__(
        self,
        blueprint: NationalBlueprint,
        delays: Delays,
        failures: Failures,
        behaviour: Behaviour,
    ) -> None:
        self.blueprint = blueprint
        # A stage joined with "or" is an alternative to the stage before it: each slot
        # holds the stages a citizen chooses one of.
        self.slots: list[list[tuple[NationalStep, ...]]] = []
        for stage in blueprint.stages:
            if stage.logic is Logic.OR and self.slots:
                self.slots[-1].append(stage.steps)
            else:
                self.slots.append([stage.steps])
        self.incoming: dict[str, list[NationalHandoff]] = {}
        for handoff in blueprint.handoffs:
            self.incoming.setdefault(handoff.to_step, []).append(handoff)
        self.automatic = behaviour.automatic_steps & {step.id for step in blueprint.steps}
        step_overrides, handoff_overrides = dict(delays.steps), dict(delays.handoffs)
        self.step_delay: dict[str, LogNormal] = {
            step.id: delays.automatic
            if step.id in self.automatic
            else step_overrides.get(step.id, delays.step)
            for step in blueprint.steps
        }
        self.failures = failures
        self.step_rates: dict[str, StepRates] = {
            step.id: StepRates(**attrs.asdict(failures.for_step(step.id)))
            for step in blueprint.steps
        }
        # Referrals the simulator adds are looked up (and kept) as they are first met.
        self.handoff_rates: dict[str, HandoffRates] = {}
        # The touchpoint activity of each milestone of each step, named once.
        self.activities: dict[str, tuple[str, ...]] = {
            step.id: tuple(f"{step.service}: {milestone}" for milestone in MILESTONES)
            for step in blueprint.steps
        }
        self.handoff_delay: dict[str, LogNormal] = {
            handoff.id: handoff_overrides.get(handoff.id, delays.handoff)
            for handoff in blueprint.handoffs
        }

    @property
    def is_empty(self) -> bool:
        """Whether no step is offered in this nation."""
        return not self.slots

    def rates_of_handoff(self, handoff_id: str) -> HandoffRates:
        """The failure rates of the hand-off ``handoff_id`` (a referral's too)."""
        rates = self.handoff_rates.get(handoff_id)
        if rates is None:
            given = self.failures.for_handoff(handoff_id)
            rates = HandoffRates(**attrs.asdict(given))
            self.handoff_rates[handoff_id] = rates
        return rates

    def choose_steps(
        self, draws: Draws, optional_steps: float, on: date | None = None
    ) -> list[NationalStep]:
        """The steps one citizen takes, in blueprint order, on journey date ``on``.

        Only steps whose rule is in force on ``on`` are offered (``None``: every
        step). Every required step is taken, an optional one with probability
        ``optional_steps``, and one of each stage's choice steps. A step whose body
        and service already have a case in the journey is left out (a case is
        identified by its body and service). If nothing is taken, the first step is.
        Each choice is keyed by the ids of the steps it is about (see
        :class:`~journeys.simulation.draws.Draws`), so a design that differs
        elsewhere makes it the same way.
        """
        chosen: list[NationalStep] = []
        cases: set[tuple[str, str]] = set()
        slots = self.slots if on is None else _in_force(self.slots, on)
        for slot in slots:
            steps = slot[0] if len(slot) == 1 else draws.choice(slot, _first_id, "stage")
            choices = [step for step in steps if step.style is StepStyle.CHOICE]
            choice = draws.choice(choices, _step_id, "choice") if choices else None
            for step in steps:
                if step.style is StepStyle.OPTIONAL:
                    if draws.uniform(step.id, "optional") >= optional_steps:
                        continue
                elif step.style is StepStyle.CHOICE and step is not choice:
                    continue
                case = (step.body, step.service)
                if case not in cases:
                    cases.add(case)
                    chosen.append(step)
        if not chosen:
            chosen.append(slots[0][0][0] if slots else self.slots[0][0][0])
        return chosen


def _in_force(
    slots: list[list[tuple[NationalStep, ...]]], on: date
) -> list[list[tuple[NationalStep, ...]]]:
    """``slots`` with only the steps in force on ``on``; stages and slots left empty
    are dropped."""
    kept: list[list[tuple[NationalStep, ...]]] = []
    for slot in slots:
        stages = [steps for stage in slot if (steps := tuple(s for s in stage if s.in_force(on)))]
        if stages:
            kept.append(stages)
    return kept


def _first_id(stage: tuple[NationalStep, ...]) -> str:
    return stage[0].id


def _step_id(step: NationalStep) -> str:
    return step.id
