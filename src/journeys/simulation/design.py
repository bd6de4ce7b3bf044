"""A blueprint's design for one nation, prepared for simulating many journeys quickly.

:class:`Design` resolves, once per blueprint and nation, what every simulated
journey would otherwise look up again: which stages are alternatives, the
hand-offs expected into each step, and each step's and hand-off's delays. Its
:meth:`Design.choose_steps` picks the steps one citizen takes.
"""

from __future__ import annotations

import random
from datetime import date

from journeys.blueprints import Logic, NationalBlueprint, NationalHandoff, NationalStep, StepStyle
from journeys.simulation.behaviour import MILESTONES
from journeys.simulation.delays import Delays
from journeys.simulation.distributions import LogNormal


class Design:
    """A :class:`~journeys.blueprints.NationalBlueprint` ready to simulate (internal)."""

    __slots__ = (
        "activities",
        "blueprint",
        "handoff_delay",
        "incoming",
        "slots",
        "step_delay",
    )

    def __init__(self, blueprint: NationalBlueprint, delays: Delays) -> None:
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
        step_overrides, handoff_overrides = dict(delays.steps), dict(delays.handoffs)
        self.step_delay: dict[str, LogNormal] = {
            step.id: step_overrides.get(step.id, delays.step) for step in blueprint.steps
        }
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

    def choose_steps(
        self, rng: random.Random, optional_steps: float, on: date | None = None
    ) -> list[NationalStep]:
        """The steps one citizen takes, in blueprint order, on journey date ``on``.

        Only steps whose rule is in force on ``on`` are offered (``None``: every
        step). Every required step is taken, an optional one with probability
        ``optional_steps``, and one of each stage's choice steps. A step whose body
        and service already have a case in the journey is left out (a case is
        identified by its body and service). If nothing is taken, the first step is.
        """
        chosen: list[NationalStep] = []
        cases: set[tuple[str, str]] = set()
        slots = self.slots if on is None else _in_force(self.slots, on)
        for slot in slots:
            steps = slot[0] if len(slot) == 1 else rng.choice(slot)
            choices = [step for step in steps if step.style is StepStyle.CHOICE]
            choice = rng.choice(choices) if choices else None
            for step in steps:
                if step.style is StepStyle.OPTIONAL:
                    if rng.random() >= optional_steps:
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
